/**
 * Full exports of GET /commitments (SPEC 10). A Lambda behind API Gateway answers at most 6 MB, buffered, within
 * its timeout, so an export is read page after page until the end of the listing or until the next page would
 * pass a byte or time budget; it then ends at a record boundary and names its continuation (a cursor, and a
 * `Link: rel="next"` URL). Each response is a whole file on its own: CSV with BOM and header, or JSON Lines.
 */

import type { ListQuery } from "../commitments/listing.ts";
import { listCommitments } from "../commitments/reads.ts";
import type { Deps } from "../deps.ts";
import { type ExportFormat, exportLine, exportStart } from "./csv.ts";

/** The response body's bytes as the Lambda returns them (JSON-escaped: a quote costs two), below 6 MB with room. */
export const EXPORT_MAX_BYTES = 5 * 1024 * 1024;
/** Time to stop reading, well within the route's 25 s timeout. */
export const EXPORT_MAX_MS = 15_000;
const PAGE_SIZE = 100;

export interface ExportPart {
  body: string;
  rows: number;
  /** Where the export continues, or null when this part ends it. */
  nextCursor: string | null;
}

/** What a line costs in the Lambda's JSON response. */
function escapedBytes(line: string): number {
  return Buffer.byteLength(JSON.stringify(line)) - 2;
}

/** Every row of the listing from `query.cursor` on, or as many as fit the budgets, and where to continue. */
export async function exportCommitments(
  deps: Deps,
  query: ListQuery,
  format: ExportFormat,
  budget: { maxBytes: number; maxMs: number } = { maxBytes: EXPORT_MAX_BYTES, maxMs: EXPORT_MAX_MS },
): Promise<ExportPart> {
  const started = deps.now().getTime();
  const lines = [exportStart(format)];
  let bytes = escapedBytes(lines[0] as string);
  let cursor = query.cursor;
  let rows = 0;
  for (let limit = PAGE_SIZE; ; ) {
    const page = await listCommitments(deps, { ...query, cursor, limit });
    const pageLines = page.items.map((record) => exportLine(format, record));
    let fit = 0;
    let pageBytes = 0;
    for (const line of pageLines) {
      const size = escapedBytes(line);
      if (bytes + pageBytes + size > budget.maxBytes) break;
      pageBytes += size;
      fit++;
    }
    if (fit < pageLines.length) {
      // Read the page again, only as far as fits, so that the cursor resumes right after the last row sent.
      if (fit === 0 && rows === 0)
        throw new Error(`a record is larger than the export's ${budget.maxBytes} bytes`);
      if (fit === 0) return { body: lines.join(""), rows, nextCursor: cursor ?? null };
      limit = fit;
      continue;
    }
    lines.push(...pageLines);
    bytes += pageBytes;
    rows += pageLines.length;
    cursor = page.nextCursor ?? undefined;
    const outOfTime = deps.now().getTime() - started > budget.maxMs;
    if (!cursor || outOfTime || limit < PAGE_SIZE)
      return { body: lines.join(""), rows, nextCursor: cursor ?? null };
  }
}

/** The URL of the next part: the same request with the cursor. */
export function nextPartUrl(path: string, query: ListQuery, format: ExportFormat, cursor: string): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && name !== "cursor" && name !== "limit" && name !== "format")
      params.set(name, String(value));
  params.set("format", format);
  params.set("cursor", cursor);
  return `${path}?${params}`;
}
