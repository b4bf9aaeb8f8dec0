import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateSecret, liveSecrets, rotateSecrets, signedHeaders } from "../../shared/webhooks/signing.ts";

const now = new Date();
const body = JSON.stringify({ type: "webhook.ping", timestamp: now.toISOString(), data: {} });

function verifies(secret: string, headers: Record<string, string>): boolean {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

describe("signing", () => {
  it("produces headers that Webhook.verify accepts", () => {
    const secret = generateSecret();
    const headers = signedHeaders("msg_1", body, [{ value: secret, createdAt: now.toISOString() }], now);
    expect(verifies(secret, headers)).toBe(true);
  });

  it("is refused by Webhook.verify when the body changes", () => {
    const secret = generateSecret();
    const headers = signedHeaders("msg_1", body, [{ value: secret, createdAt: now.toISOString() }], now);
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow(/No matching signature/);
  });

  it("signs with both secrets during a rotation's overlap", () => {
    const [old, next] = [generateSecret(), generateSecret()];
    const secrets = rotateSecrets(
      [{ value: old, createdAt: now.toISOString() }],
      next,
      now,
      new Date(now.getTime() + 60_000),
    );
    const headers = signedHeaders("msg_1", body, secrets, now);
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
    const secrets = rotateSecrets(
      [{ value: old, createdAt: now.toISOString() }],
      next,
      now,
      new Date(now.getTime() + 60_000),
    );
    expect(liveSecrets(secrets, new Date(now.getTime() + 60_001)).map((secret) => secret.value)).toEqual([
      next,
    ]);
  });

  it("keeps only the newest two secrets after rotating twice", () => {
    const [first, second, third] = [generateSecret(), generateSecret(), generateSecret()];
    const later = new Date(now.getTime() + 60_000);
    const once = rotateSecrets([{ value: first, createdAt: now.toISOString() }], second, now, later);
    const twice = rotateSecrets(once, third, now, later);
    expect(twice.map((secret) => secret.value)).toEqual([third, second]);
  });

  it("makes whsec_ secrets of 32 random bytes", () => {
    const secret = generateSecret();
    expect(secret, "prefix").toMatch(/^whsec_/);
    expect(Buffer.from(secret.slice(6), "base64"), "random bytes").toHaveLength(32);
  });
});
