/**
 * The parts of a commitment: the listing has no parent filter (SPEC 3.2), so the most recent pages are searched
 * for records naming this one as their parent, and the page says when that search stopped short.
 */
import { getPages } from "../api.ts";
import type { Commitment } from "../types.ts";

/** Pages of 100 searched at most: enough for every ledger this dashboard has met, bounded for larger ones. */
const MAX_PAGES = 3;

export async function partsOf(
  commitment: Commitment,
  signal: AbortSignal,
): Promise<{ items: Commitment[]; complete: boolean }> {
  const { items, complete } = await getPages<Commitment>("/commitments", { limit: "100" }, MAX_PAGES, signal);
  return { items: items.filter((item) => item.parentId === commitment.id), complete };
}
