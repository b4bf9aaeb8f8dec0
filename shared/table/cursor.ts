/**
 * Opaque, tamper-evident page cursors: the DynamoDB start key, bound to the query it came from, signed with an
 * HMAC. A forged, truncated or foreign cursor is a 400, never a 500 and never a read of someone else's keys.
 */
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { BadRequestError } from "../errors.ts";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type StartKey = Record<string, unknown>;

function signingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "ai-infra-tracker", "cursor-signing", 32));
}

function mac(secret: string, context: string, payload: string): Buffer {
  return createHmac("sha256", signingKey(secret)).update(context).update("\n").update(payload).digest();
}

/** A cursor for the next page, or null when there is none. */
export function encodeCursor(startKey: StartKey | undefined, secret: string, context: string): string | null {
  if (!startKey) return null;
  const payload = Buffer.from(JSON.stringify(startKey), "utf8").toString("base64url");
  return `${payload}.${mac(secret, context, payload).toString("base64url")}`;
}

/** The start key a cursor carries; throws BadRequestError for anything this server did not issue for this query. */
export function decodeCursor(
  cursor: string | undefined,
  secret: string,
  context: string,
): StartKey | undefined {
  if (cursor === undefined) return undefined;
  const [payload, signature, extra] = cursor.split(".");
  const invalid = new BadRequestError("the cursor is not valid for this query; start again without it");
  if (!payload || !signature || extra !== undefined) throw invalid;
  const expected = mac(secret, context, payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid;
    return value as StartKey;
  } catch {
    throw invalid;
  }
}
