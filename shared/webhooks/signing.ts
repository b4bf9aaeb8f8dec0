/**
 * Standard Webhooks headers, with the `standardwebhooks` package itself so that any Standard Webhooks library
 * verifies what we send. During a rotation every live secret signs, space-separated.
 */
import { Webhook } from "standardwebhooks";
import { liveSecrets, openSecret, type StoredSecret } from "./secrets.ts";

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
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": live
      .map((secret) => new Webhook(openSecret(secret, key, webhook.id)).sign(messageId, at, body))
      .join(" "),
  };
}
