/**
 * The parent/part hierarchy: a part counts in totals only through an ancestor with an amount (its cover). Reads
 * a new parent and its ancestry (no cycles), and the parts whose cover flips when a whole gains or loses an amount.
 */
import type { Deps } from "../deps.ts";
import { ValidationError } from "../errors.ts";
import { keys } from "../table/keys.ts";
import { queryAll } from "../table/query.ts";
import type { CommitmentItem } from "./items.ts";
import { getCommitmentItem } from "./reads.ts";
import type { Commitment } from "./schema.ts";

/** Deepest parent chain followed when checking a new parent link for cycles. */
const MAX_ANCESTRY = 32;

/** Whether a record's parts are covered: it has an amount itself, or an ancestor does. */
export function coverForParts(record: Commitment | undefined, covered: boolean): boolean {
  return record !== undefined && (covered || record.amount !== undefined);
}

/** The parent a new part names, as read: it must exist, and its cover decides whether the part counts. */
export async function readParent(deps: Deps, parentId: string): Promise<CommitmentItem> {
  const parent = await getCommitmentItem(deps, parentId);
  if (!parent)
    throw new ValidationError("the parent does not exist", {
      errors: [{ path: "parentId", message: `no commitment ${parentId}` }],
    });
  return parent;
}

/** The parent chain above `parentId`, refusing a link that would make `id` its own ancestor. */
export async function ancestry(deps: Deps, id: string, parentId: string) {
  if (parentId === id)
    throw new ValidationError("a commitment cannot be part of itself", {
      errors: [{ path: "parentId", message: "is this commitment" }],
    });
  const parent = await readParent(deps, parentId);
  const ancestors: { id: string; version: number }[] = [];
  let next = parent.record.parentId;
  while (next) {
    if (next === id)
      throw new ValidationError("the parent link would make a cycle", {
        errors: [{ path: "parentId", message: `${parentId} is already part of ${id}` }],
      });
    if (ancestors.length >= MAX_ANCESTRY)
      throw new ValidationError("the parent chain is too deep", {
        errors: [{ path: "parentId", message: `more than ${MAX_ANCESTRY} levels` }],
      });
    const ancestor = await getCommitmentItem(deps, next);
    if (!ancestor) break;
    ancestors.push({ id: ancestor.record.id, version: ancestor.version });
    next = ancestor.record.parentId;
  }
  return { parent, ancestors };
}

/** The ids of a commitment's direct parts (its `parent` list partition). */
async function partIds(deps: Deps, id: string): Promise<string[]> {
  const entries = await queryAll(deps, {
    pk: keys.listPartition("parent", id),
    projection: ["id"],
    consistent: true,
  });
  return entries.map((entry) => entry.id as string);
}

/**
 * The parts (and their parts) whose cover changes when a record's own cover for its parts becomes `cover`: their
 * money leaves the totals when an ancestor gains an amount and comes back when it loses it.
 */
export async function flipsUnder(
  deps: Deps,
  item: CommitmentItem,
  cover: boolean,
): Promise<{ item: CommitmentItem; covered: boolean }[]> {
  const flips: { item: CommitmentItem; covered: boolean }[] = [];
  let frontier: { id: string; cover: boolean }[] = [{ id: item.record.id, cover }];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { id, cover: parentCover } of frontier) {
      for (const childId of await partIds(deps, id)) {
        const child = await getCommitmentItem(deps, childId);
        if (!child || child.covered === parentCover) continue;
        flips.push({ item: child, covered: parentCover });
        if (child.record.amount === undefined && child.childCount > 0)
          next.push({ id: childId, cover: parentCover });
      }
    }
    frontier = next;
  }
  return flips;
}
