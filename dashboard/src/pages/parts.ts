/**
 * The parts of a commitment: the listing has no parent filter (SPEC 3.2), so the most recent pages are searched
 * for records naming this one as their parent, and the page says when that search stopped short.
 */
import { getJson } from "../api.ts";
import type { Commitment, Page } from "../types.ts";

/** Pages of 100 searched at most: enough for every ledger this dashboard has met, bounded for larger ones. */
const MAX_PAGES = 3;

export async function partsOf(
  commitment: Commitment,
  signal: AbortSignal,
): Promise<{ items: Commitment[]; complete: boolean }> {
  const parts: Commitment[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: Record<string, string> = { limit: "100", ...(cursor ? { cursor } : {}) };
    const result: Page<Commitment> = await getJson<Page<Commitment>>("/commitments", query, signal);
    parts.push(...result.items.filter((item) => item.parentId === commitment.id));
    cursor = result.nextCursor;
    if (!cursor) return { items: parts, complete: true };
  }
  return { items: parts, complete: false };
}
