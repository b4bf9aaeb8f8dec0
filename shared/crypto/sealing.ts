/**
 * AES-256-GCM sealing under a configured secret, for what the service keeps from readers: page cursors (sealed
 * under the cursor key) and webhook signing secrets at rest (under the webhook secret key). Each purpose derives
 * its own AES key from its secret with HKDF, and the additional data binds a sealed value to where it belongs (a
 * cursor to its query, a signing secret to its webhook), so one moved elsewhere does not open.
 */
import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from "node:crypto";

const CIPHER = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const derived = new Map<string, KeyObject>();

/**
 * The AES key for a purpose, derived once per process from the configured secret; kept as a KeyObject, since a
 * cipher made from raw key bytes wraps them in a new one on every call (most of a cursor's sealing time).
 */
function encryptionKey(secret: string, purpose: string): KeyObject {
  const id = `${purpose}\u0000${secret}`;
  let key = derived.get(id);
  if (!key) {
    key = createSecretKey(Buffer.from(hkdfSync("sha256", secret, "ai-infra-tracker", purpose, 32)));
    derived.set(id, key);
  }
  return key;
}

/** `plain` sealed: base64url of IV, ciphertext and tag; a fresh IV each time, so equal values look unrelated. */
export function seal(plain: string, secret: string, purpose: string, additionalData: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, encryptionKey(secret, purpose), iv).setAAD(
    Buffer.from(additionalData, "utf8"),
  );
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url");
}

/** What `seal` sealed, or undefined for anything forged, truncated, sealed under another key or elsewhere. */
export function unseal(
  sealed: string,
  secret: string,
  purpose: string,
  additionalData: string,
): string | undefined {
  const bytes = BASE64URL.test(sealed) ? Buffer.from(sealed, "base64url") : Buffer.alloc(0);
  if (bytes.byteLength <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv(CIPHER, encryptionKey(secret, purpose), bytes.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    })
      .setAAD(Buffer.from(additionalData, "utf8"))
      .setAuthTag(bytes.subarray(bytes.byteLength - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.byteLength - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return undefined;
  }
}
