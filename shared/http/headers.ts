/** Request headers with rules of their own: If-Match versions, ETags and Idempotency-Key. */
import { BadRequestError, PreconditionRequiredError } from "../errors.ts";

/** What an If-Match may say: one version, bare, quoted or weak (`3`, `"3"`, `W/"3"`). */
export const IF_MATCH_PATTERN = /^\s*(?:W\/)?"?([1-9][0-9]{0,8})"?\s*$/;
/** What an Idempotency-Key may be: 1–255 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The ETag of a version: the version number, quoted as RFC 9110 wants. */
export function etag(version: number): string {
  return `"${version}"`;
}

/** The version an If-Match names (`3`, `"3"` or `W/"3"`); undefined when absent and not required. */
export function ifMatchVersion(headers: Record<string, string>, required: true): number;
export function ifMatchVersion(headers: Record<string, string>, required: false): number | undefined;
export function ifMatchVersion(headers: Record<string, string>, required: boolean): number | undefined {
  const value = headers["if-match"];
  if (value === undefined) {
    if (required)
      throw new PreconditionRequiredError("send If-Match with the version you are changing (its ETag)");
    return undefined;
  }
  const match = IF_MATCH_PATTERN.exec(value);
  if (!match?.[1])
    throw new BadRequestError(
      `If-Match must name one version, such as "3"; got ${JSON.stringify(value.slice(0, 50))}`,
    );
  return Number(match[1]);
}

/** The Idempotency-Key, if sent: 1–255 visible ASCII characters. */
export function idempotencyKey(headers: Record<string, string>): string | undefined {
  const value = headers["idempotency-key"];
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(value))
    throw new BadRequestError("Idempotency-Key must be 1–255 visible ASCII characters");
  return value;
}

/** The representation asked for: `?format=` wins over `Accept` (text/csv, application/x-ndjson), else JSON. */
export function listFormat(
  format: string | undefined,
  headers: Record<string, string>,
): "json" | "csv" | "jsonl" {
  if (format === "csv" || format === "jsonl" || format === "json") return format;
  const accept = headers.accept ?? "";
  if (/(^|,)\s*text\/csv\b/i.test(accept)) return "csv";
  if (/(^|,)\s*application\/(x-ndjson|jsonl)\b/i.test(accept)) return "jsonl";
  return "json";
}
