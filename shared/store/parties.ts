/** Parties: one registry item each (the PARTIES partition), with its count and totals kept in each write's transaction. */

import { listCommitments } from "../commitments/reads.ts";
import type { Commitment } from "../commitments/schema.ts";
import type { Deps } from "../deps.ts";
import { sumColumns, type Totals } from "../domain/aggregates.ts";
import { slugify } from "../domain/slug.ts";
import { NotFoundError } from "../errors.ts";
import type { Page } from "../table/cursor.ts";
import { keys } from "../table/keys.ts";
import { queryPage } from "../table/query.ts";
import { columnsOf, getColumns } from "./aggregates.ts";

export interface PartySummary {
  slug: string;
  name: string;
  /** Commitments that name the party, in any role. */
  commitments: number;
  /** The counted money of the commitments it funds, leads, lends to or governs (parts counted through their whole). */
  totals: Omit<Totals, "amountLow" | "amountHigh">;
}

const toSummary = (item: Record<string, unknown>): PartySummary => {
  const { amountLow, amountHigh, ...totals } = sumColumns([columnsOf(item)]);
  return {
    slug: item.slug as string,
    name: item.name as string,
    commitments: Number(item.commitments ?? 0),
    totals,
  };
};

export async function listParties(
  deps: Deps,
  limit: number,
  cursor: string | undefined,
): Promise<Page<PartySummary>> {
  const page = await queryPage(
    deps,
    {
      pk: keys.partiesPartition,
      filter: { expression: "commitments > :none", values: { ":none": 0 } },
      exactNumbers: true,
    },
    { limit, cursor, context: "parties" },
  );
  return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
}

/** One party (by slug, or by a name that slugs to it) with a page of its commitments, newest first. */
export async function getParty(
  deps: Deps,
  slugOrName: string,
  limit: number,
  cursor: string | undefined,
): Promise<PartySummary & Page<Commitment>> {
  const slug = slugify(slugOrName);
  if (!slug) throw new NotFoundError(`no party ${JSON.stringify(slugOrName)}`);
  const item = await getColumns(deps, keys.party(slug));
  if (!item || Number(item.commitments ?? 0) <= 0) throw new NotFoundError(`no party ${slug}`);
  const page = await listCommitments(deps, { party: slug, sort: "-announcedOn", limit, cursor });
  return { ...toSummary(item), ...page };
}
