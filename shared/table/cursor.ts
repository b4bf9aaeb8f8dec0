/**
 * Opaque, tamper-evident page cursors: the DynamoDB start key sealed with AES-256-GCM under the cursor key (never
 * the admin key), the query it came from as additional data. A reader learns nothing from one (no keys, no hashes,
 * not even whether two are equal), and a forged, truncated or foreign cursor is a 400, never a 500.
 */
import { seal, unseal } from "../crypto/sealing.ts";
import { BadRequestError } from "../errors.ts";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type StartKey = Record<string, unknown>;

const PURPOSE = "cursor-encryption";

/** A cursor for the next page, or null when there is none. */
export function encodeCursor(startKey: StartKey | undefined, secret: string, context: string): string | null {
  if (!startKey) return null;
  return seal(JSON.stringify(startKey), secret, PURPOSE, context);
}

/** The start key a cursor carries; throws BadRequestError for anything this server did not issue for this query. */
export function decodeCursor(
  cursor: string | undefined,
  secret: string,
  context: string,
): StartKey | undefined {
  if (cursor === undefined) return undefined;
  const invalid = new BadRequestError("the cursor is not valid for this query; start again without it");
  const plain = unseal(cursor, secret, PURPOSE, context);
  if (plain === undefined) throw invalid;
  let value: unknown;
  try {
    value = JSON.parse(plain);
  } catch {
    throw invalid;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid;
  return value as StartKey;
}
