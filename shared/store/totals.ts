/**
 * GET /totals from the aggregates: one Query over the months asked for, whatever the number of commitments, or,
 * without dates, over all-time items where they are kept (a category's own, a party's registry item).
 * Groups of party and category overlap (a commitment has several); the grand total counts each one once.
 */
import type { Deps } from "../deps.ts";
import {
  type AggregateDimension,
  ALL_TIME_DIMENSIONS,
  type Columns,
  sumColumns,
  type Totals,
} from "../domain/aggregates.ts";
import { compareDecimal } from "../domain/decimal.ts";
import { confidencesFor, type TotalsQuery, type TotalsResult } from "../domain/totals.ts";
import { resolvePartySlug } from "../parties/resolve.ts";
import { index, keys } from "../table/keys.ts";
import { columnsOf, queryColumns } from "./aggregates.ts";

/** Month-keyed items of one dimension, between two months (inclusive). */
async function monthItems(deps: Deps, dimension: string, from: string | undefined, to: string | undefined) {
  return queryColumns(deps, {
    pk: keys.aggregatePartition(dimension),
    sk: { from: from && `${from}#`, to: to && `${to}#~` },
  });
}

/**
 * Dimensions every counted record is in exactly once, with the columns it adds to `all` (shared/domain/aggregates.ts:
 * one country, one status): their groups sum to the ledger-wide aggregate, column by column. Not category or party
 * (a record may have several), nor currency (a record without a figure has none).
 */
const SPLITS_THE_LEDGER: ReadonlySet<string> = new Set(["country", "status"]);

/**
 * The partition of a dimension's all-time items, one a group, where they are kept: totals with no dates read it
 * rather than every group's months. A party's all-time columns are on its registry item, beside its names, the
 * same columns as its months summed.
 */
function allTimePartition(dimension: AggregateDimension): string | undefined {
  if (dimension === "party") return keys.partiesPartition;
  return ALL_TIME_DIMENSIONS.has(dimension) ? keys.aggregateAllTimePartition(dimension) : undefined;
}

/** The aggregate items a totals query reads, each with the group it counts in. */
async function groupedItems(
  deps: Deps,
  query: TotalsQuery,
  dimension: AggregateDimension,
  wanted: string | undefined,
  from: string | undefined,
  to: string | undefined,
): Promise<[string, Record<string, unknown>][]> {
  const allTime =
    from === undefined && to === undefined && wanted === undefined ? allTimePartition(dimension) : undefined;
  if (allTime) return (await queryColumns(deps, { pk: allTime })).map((item) => [String(item.sk), item]);
  // One group asked for: its own months through gsi1, not every group's.
  const items =
    wanted !== undefined && query.groupBy !== "year"
      ? await queryColumns(deps, {
          index: index.aggregatesByGroup,
          pk: keys.aggregateGroupPartition(dimension, wanted),
          sk: { from, to },
        })
      : await monthItems(deps, dimension, from, to);
  return items.map((item) => {
    const { month, group } = keys.aggregateOf(String(item.sk));
    return [query.groupBy === "year" ? month.slice(0, 4) : group, item];
  });
}

function row(key: string, totals: Totals) {
  return { key, ...totals };
}

export async function readTotals(deps: Deps, query: TotalsQuery): Promise<TotalsResult> {
  const confidences = confidencesFor(query);
  const dimension = query.groupBy === "year" ? "all" : query.groupBy;
  const from = query.from ?? (query.year ? `${query.year}-01` : undefined);
  const to = query.to ?? (query.year ? `${query.year}-12` : undefined);
  // A party may be asked for by its slug, a name or an alias in any script, as in the listing: the registry says whose.
  const wanted =
    query.groupBy === "party" && query.party
      ? ((await resolvePartySlug(deps, query.party)) ?? query.party)
      : (query[query.groupBy as keyof TotalsQuery] as string | undefined);
  const byGroup = new Map<string, Columns[]>();
  for (const [group, item] of await groupedItems(deps, query, dimension, wanted, from, to)) {
    if (wanted !== undefined && group !== wanted) continue;
    const list = byGroup.get(group) ?? [];
    list.push(columnsOf(item));
    byGroup.set(group, list);
  }
  const groups = [...byGroup]
    .map(([key, columns]) => row(key, sumColumns(columns, confidences)))
    .filter((group) => group.count !== "0")
    .sort((a, b) => largestFirst(a, b) || (a.key < b.key ? -1 : 1));
  // With a filter on the grouped dimension the total is that group's. Where the groups split the ledger (or are
  // its years) it is their sum, read already; otherwise, as groups overlap, the ledger-wide aggregate's.
  const totalItems =
    wanted !== undefined || query.groupBy === "year" || SPLITS_THE_LEDGER.has(query.groupBy)
      ? [...byGroup.values()].flat()
      : (await monthItems(deps, "all", query.from, query.to)).map(columnsOf);
  const { amountLow, amountHigh, ...total } = sumColumns(totalItems, confidences);
  return {
    groupBy: query.groupBy,
    from: query.from ?? null,
    to: query.to ?? null,
    includeEstimates: confidences.includes("estimate"),
    confidence: query.confidence ?? null,
    groups: groups.map((group) => (query.groupBy === "currency" ? group : withoutCurrency(group))),
    total,
  };
}

function withoutCurrency<T extends Totals>(group: T) {
  const { amountLow, amountHigh, ...rest } = group;
  return rest;
}

/** Larger floors first; on equal floors, an open ceiling before a closed one, then larger ceilings. */
function largestFirst(a: Totals, b: Totals): number {
  return (
    compareDecimal(b.usdLow, a.usdLow) ||
    (a.usdHigh === null
      ? b.usdHigh === null
        ? 0
        : -1
      : b.usdHigh === null
        ? 1
        : compareDecimal(b.usdHigh, a.usdHigh))
  );
}
