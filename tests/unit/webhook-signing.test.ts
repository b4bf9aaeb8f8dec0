import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateSecret as generateSetting } from "../../shared/domain/api-key.ts";
import {
  generateSecret,
  liveSecrets,
  openSecret,
  rotateSecrets,
  type StoredSecret,
  sealPlainSecret,
  sealSecret,
} from "../../shared/webhooks/secrets.ts";
import { signature, signedHeaders } from "../../shared/webhooks/signing.ts";

const now = new Date();
const at = now.toISOString();
const key = generateSetting();
const body = JSON.stringify({ type: "webhook.ping", timestamp: at, data: {} });

function verifies(secret: string, headers: Record<string, string>): boolean {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

const webhook = (secrets: StoredSecret[]) => ({ id: "wh_1", secrets });
const sealed = (secret: string) => sealSecret(secret, key, "wh_1", at);

describe("signing", () => {
  it("signs exactly as the standardwebhooks package does", () => {
    const secret = generateSecret();
    const timestamp = String(Math.floor(now.getTime() / 1000));
    expect(signature(secret, "msg_1", timestamp, body)).toBe(new Webhook(secret).sign("msg_1", now, body));
  });

  it("produces headers that Webhook.verify accepts", () => {
    const secret = generateSecret();
    const headers = signedHeaders("msg_1", body, webhook([sealed(secret)]), key, now);
    expect(verifies(secret, headers)).toBe(true);
  });

  it("is refused by Webhook.verify when the body changes", () => {
    const secret = generateSecret();
    const headers = signedHeaders("msg_1", body, webhook([sealed(secret)]), key, now);
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow(/No matching signature/);
  });

  it("signs with both secrets during a rotation's overlap", () => {
    const [old, next] = [generateSecret(), generateSecret()];
    const secrets = rotateSecrets([sealed(old)], sealed(next), now, new Date(now.getTime() + 60_000));
    const headers = signedHeaders("msg_1", body, webhook(secrets), key, now);
    expect({
      parts: headers["webhook-signature"].split(" ").length,
      old: verifies(old, headers),
      next: verifies(next, headers),
    }).toEqual({
      parts: 2,
      old: true,
      next: true,
    });
  });

  it("drops the previous secret once the overlap is over", () => {
    const [old, next] = [generateSecret(), generateSecret()];
    const secrets = rotateSecrets([sealed(old)], sealed(next), now, new Date(now.getTime() + 60_000));
    const live = liveSecrets(secrets, new Date(now.getTime() + 60_001));
    expect(live.map((secret) => openSecret(secret, key, "wh_1"))).toEqual([next]);
  });

  it("keeps only the newest two secrets after rotating twice", () => {
    const [first, second, third] = [generateSecret(), generateSecret(), generateSecret()];
    const later = new Date(now.getTime() + 60_000);
    const once = rotateSecrets([sealed(first)], sealed(second), now, later);
    const twice = rotateSecrets(once, sealed(third), now, later);
    expect(twice.map((secret) => openSecret(secret, key, "wh_1"))).toEqual([third, second]);
  });

  it("makes whsec_ secrets of 32 random bytes", () => {
    const secret = generateSecret();
    expect(secret, "prefix").toMatch(/^whsec_/);
    expect(Buffer.from(secret.slice(6), "base64"), "random bytes").toHaveLength(32);
  });
});

describe("secrets at rest", () => {
  it("stores no trace of the secret, and opens only under its key for its webhook", () => {
    const secret = generateSecret();
    const stored = sealed(secret);
    expect(JSON.stringify(stored), "the stored form").not.toContain(secret.slice(6, 20));
    expect(stored.value, "no plain value").toBeUndefined();
    expect(openSecret(stored, key, "wh_1"), "the right key and webhook").toBe(secret);
    expect(() => openSecret(stored, generateSetting(), "wh_1"), "another key").toThrow(/does not open/);
    expect(() => openSecret(stored, key, "wh_2"), "another webhook").toThrow(/does not open/);
  });

  it("never says the secret when it cannot open one", () => {
    const secret = generateSecret();
    let message = "";
    try {
      openSecret(sealed(secret), generateSetting(), "wh_1");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/wh_1/);
    expect(message).not.toContain(secret);
  });

  it("still signs with a plain-text secret stored before sealing, and seals it on request", () => {
    const secret = generateSecret();
    const legacy: StoredSecret = { value: secret, createdAt: at };
    expect(verifies(secret, signedHeaders("msg_1", body, webhook([legacy]), key, now)), "signs").toBe(true);
    const resealed = sealPlainSecret(legacy, key, "wh_1");
    expect(resealed.value, "plain text gone").toBeUndefined();
    expect(openSecret(resealed, key, "wh_1"), "same secret").toBe(secret);
  });
});
