/**
 * Opaque, tamper-evident page cursors: the DynamoDB start key sealed with AES-256-GCM under the cursor key (never
 * the admin key), the query it came from as additional data. A reader learns nothing from one (no keys, no hashes,
 * not even whether two are equal), and a forged, truncated or foreign cursor is a 400, never a 500.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { BadRequestError } from "../errors.ts";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type StartKey = Record<string, unknown>;

const CIPHER = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

let derived: { secret: string; key: Buffer } | undefined;

/** The AES key, derived once per process from the configured cursor key. */
function encryptionKey(secret: string): Buffer {
  if (derived?.secret !== secret)
    derived = {
      secret,
      key: Buffer.from(hkdfSync("sha256", secret, "ai-infra-tracker", "cursor-encryption", 32)),
    };
  return derived.key;
}

/** A cursor for the next page, or null when there is none. */
export function encodeCursor(startKey: StartKey | undefined, secret: string, context: string): string | null {
  if (!startKey) return null;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, encryptionKey(secret), iv).setAAD(Buffer.from(context, "utf8"));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(startKey), "utf8"), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url");
}

/** The start key a cursor carries; throws BadRequestError for anything this server did not issue for this query. */
export function decodeCursor(
  cursor: string | undefined,
  secret: string,
  context: string,
): StartKey | undefined {
  if (cursor === undefined) return undefined;
  const invalid = new BadRequestError("the cursor is not valid for this query; start again without it");
  const bytes = BASE64URL.test(cursor) ? Buffer.from(cursor, "base64url") : Buffer.alloc(0);
  if (bytes.byteLength <= IV_BYTES + TAG_BYTES) throw invalid;
  try {
    const decipher = createDecipheriv(CIPHER, encryptionKey(secret), bytes.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    })
      .setAAD(Buffer.from(context, "utf8"))
      .setAuthTag(bytes.subarray(bytes.byteLength - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.byteLength - TAG_BYTES)),
      decipher.final(),
    ]);
    const value: unknown = JSON.parse(plain.toString("utf8"));
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid;
    return value as StartKey;
  } catch {
    throw invalid;
  }
}
