/**
 * Standard Webhooks headers. A signature is `v1,` + base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>")), the key
 * being the secret's base64 after `whsec_`: Node's own HMAC, where the `standardwebhooks` package would bundle
 * pure-JS SHA-256 and base64 (12 KB) into every function that sends; the tests verify each signature with that
 * package. During a rotation every live secret signs, space-separated.
 */
import { createHmac } from "node:crypto";
import { liveSecrets, openSecret, SECRET_PREFIX, type StoredSecret } from "./secrets.ts";

/** One `v1,` signature of a message with one secret (`whsec_…`), as Standard Webhooks defines it. */
export function signature(secret: string, messageId: string, timestamp: string, body: string): string {
  const key = Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    "base64",
  );
  return `v1,${createHmac("sha256", key).update(`${messageId}.${timestamp}.${body}`).digest("base64")}`;
}

export type SignedHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

/** The three Standard Webhooks headers for one attempt: a fresh timestamp and one `v1,` signature per live secret. */
export function signedHeaders(
  messageId: string,
  body: string,
  webhook: { id: string; secrets: readonly StoredSecret[] },
  key: string,
  at: Date,
): SignedHeaders {
  const live = liveSecrets(webhook.secrets, at);
  if (live.length === 0) throw new Error(`no live signing secret for ${messageId}`);
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    "webhook-id": messageId,
    "webhook-timestamp": timestamp,
    "webhook-signature": live
      .map((secret) => signature(openSecret(secret, key, webhook.id), messageId, timestamp, body))
      .join(" "),
  };
}
