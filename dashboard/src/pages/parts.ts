/**
 * The parts of a commitment: the listing has no parent filter (SPEC 3.2), so the most recent pages are searched
 * for records naming this one as their parent, and the page says when that search stopped short.
 */
import { getJson, getPages } from "../api.ts";
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

/** Wholes above a part read at most: deeper ledgers are said to be searched no further. */
const MAX_WHOLES = 5;

/**
 * A commitment's wholes, nearest first, up to the first that states a figure: a part is counted in totals through
 * that one, or on its own when none does (SPEC 2). `complete` is false when the search stopped short of knowing.
 */
export async function wholesOf(
  commitment: Commitment,
  signal: AbortSignal,
): Promise<{ wholes: Commitment[]; complete: boolean }> {
  const wholes: Commitment[] = [];
  for (let next = commitment.parentId; next !== undefined; ) {
    if (wholes.length === MAX_WHOLES) return { wholes, complete: false };
    const whole = await getJson<Commitment>(`/commitments/${encodeURIComponent(next)}`, {}, signal).catch(
      () => undefined,
    );
    if (!whole) return { wholes, complete: false };
    wholes.push(whole);
    next = whole.amount ? undefined : whole.parentId;
  }
  return { wholes, complete: true };
}
