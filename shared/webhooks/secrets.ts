/**
 * Webhook signing secrets: generated, sealed at rest, opened, rotated. Signing itself is in signing.ts, so that
 * only the code that delivers bundles the Standard Webhooks library.
 */
import { randomBytes } from "node:crypto";
import { seal, unseal } from "../crypto/sealing.ts";

export const SECRET_PREFIX = "whsec_";
/** Standard Webhooks asks for 24 to 64 bytes of key. */
const SECRET_BYTES = 32;
/** The HKDF purpose of the AES key that seals signing secrets at rest. */
const PURPOSE = "webhook-secret-encryption";

/**
 * A signing secret as the table keeps it: sealed with AES-256-GCM under the webhook secret key (never the admin or
 * cursor key), bound to its webhook's id. `value`, the secret in plain text, is only ever read: subscriptions
 * stored before sealing existed keep signing until `npm start` (or their next rotation) seals them.
 */
export interface StoredSecret {
  sealed?: string;
  /** Plain text, as stored before secrets were sealed; never written any more. */
  value?: string;
  createdAt: string;
  /** Set on the previous secret when a rotation starts its overlap. */
  expiresAt?: string;
}

/** A new signing secret: whsec_ + 32 random bytes, base64 (what `new Webhook(secret)` expects). */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

/** A secret as it is stored: sealed for its webhook. */
export function sealSecret(value: string, key: string, webhookId: string, createdAt: string): StoredSecret {
  return { sealed: seal(value, key, PURPOSE, webhookId), createdAt };
}

/** A stored secret sealed when it was plain text (a subscription from before sealing); sealed ones as they are. */
export function sealPlainSecret(secret: StoredSecret, key: string, webhookId: string): StoredSecret {
  if (secret.value === undefined) return secret;
  const { value, ...rest } = secret;
  return { ...rest, sealed: seal(value, key, PURPOSE, webhookId) };
}

/** The plain secret; throws (without the secret) when it does not open under this key for this webhook. */
export function openSecret(secret: StoredSecret, key: string, webhookId: string): string {
  if (secret.sealed === undefined) {
    if (secret.value === undefined) throw new Error(`a signing secret of ${webhookId} is empty`);
    return secret.value;
  }
  const value = unseal(secret.sealed, key, PURPOSE, webhookId);
  if (value === undefined)
    throw new Error(`a signing secret of ${webhookId} does not open with the configured webhook secret key`);
  return value;
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
  next: StoredSecret,
  now: Date,
  overlapEnds: Date,
): StoredSecret[] {
  const [current] = liveSecrets(secrets, now);
  const rotated: StoredSecret[] = [next];
  if (current && overlapEnds.getTime() > now.getTime())
    rotated.push({ ...current, expiresAt: overlapEnds.toISOString() });
  return rotated;
}
