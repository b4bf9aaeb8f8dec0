/**
 * Signing secrets and Standard Webhooks headers, with the `standardwebhooks` package itself so that any
 * Standard Webhooks library verifies what we send. During a rotation every live secret signs, space-separated.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

const SECRET_PREFIX = "whsec_";
/** Standard Webhooks asks for 24 to 64 bytes of key. */
const SECRET_BYTES = 32;

export interface StoredSecret {
  /** The whsec_ secret itself: kept to sign, never returned after creation or rotation. */
  value: string;
  createdAt: string;
  /** Set on the previous secret when a rotation starts its overlap. */
  expiresAt?: string;
}

/** A new signing secret: whsec_ + 32 random bytes, base64 (what `new Webhook(secret)` expects). */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

/** The secrets that still sign at `now`, newest first. */
export function liveSecrets(secrets: readonly StoredSecret[], now: Date): StoredSecret[] {
  return secrets.filter(
    (secret) => secret.expiresAt === undefined || Date.parse(secret.expiresAt) > now.getTime(),
  );
}

/** After a rotation: the new secret first, the current one signing until `overlapEnds`, expired ones dropped. */
export function rotateSecrets(
  secrets: readonly StoredSecret[],
  next: string,
  now: Date,
  overlapEnds: Date,
): StoredSecret[] {
  const [current] = liveSecrets(secrets, now);
  const rotated: StoredSecret[] = [{ value: next, createdAt: now.toISOString() }];
  if (current && overlapEnds.getTime() > now.getTime())
    rotated.push({ ...current, expiresAt: overlapEnds.toISOString() });
  return rotated;
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
  secrets: readonly StoredSecret[],
  at: Date,
): SignedHeaders {
  const live = liveSecrets(secrets, at);
  if (live.length === 0) throw new Error(`no live signing secret for ${messageId}`);
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": live.map((secret) => new Webhook(secret.value).sign(messageId, at, body)).join(" "),
  };
}
