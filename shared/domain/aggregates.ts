/**
 * What a commitment adds to the totals (SPEC 2 and 3.3), as pure data: per aggregate, per confidence, a count,
 * USD low and high sums, the number left unconverted, and (per currency) the sums in that currency. The store
 * applies the difference between a record's contribution before and after a change, in the change's transaction.
 */
import type { Commitment } from "../commitments/schema.ts";
import { CONFIDENCES } from "../commitments/schema.ts";
import { monthOf } from "./dates.ts";
import { addSigned, isZero, negate } from "./decimal.ts";

/** Dimensions kept per announcement month (`year` is read from `all`). */
export const AGGREGATE_DIMENSIONS = ["all", "country", "category", "party", "status", "currency"] as const;
export type AggregateDimension = (typeof AGGREGATE_DIMENSIONS)[number];

/** Parties in these roles bring the money; a technology partner is counted but not credited with the figure. */
export const FUNDING_ROLES: ReadonlySet<string> = new Set(["funder", "lead", "government", "lender"]);

export const MEASURES = ["count", "usdLow", "usdHigh", "unconverted", "amountLow", "amountHigh"] as const;
export type Measure = (typeof MEASURES)[number];

/** Attribute name of one measure for one confidence: "official_usdLow". */
export function column(confidence: string, measure: Measure): string {
  return `${confidence}_${measure}`;
}

/** Signed decimal deltas by attribute name. */
export type Columns = Record<string, string>;

export interface AggregateTarget {
  /** "month" aggregates are per announcement month; "party" is a party's all-time registry item. */
  scope: "month" | "party";
  dimension: AggregateDimension;
  group: string;
  month: string;
}

export type Contribution = Map<string, { target: AggregateTarget; columns: Columns }>;

const targetId = (target: AggregateTarget) =>
  `${target.scope}|${target.dimension}|${target.group}|${target.month}`;

function money(record: Commitment, prefix: string, withAmount: boolean): Columns {
  const columns: Columns = { [column(prefix, "count")]: "1" };
  if (!withAmount || !record.amount) return columns;
  if (record.amountUsd) {
    columns[column(prefix, "usdLow")] = record.amountUsd.low;
    columns[column(prefix, "usdHigh")] = record.amountUsd.high;
  } else columns[column(prefix, "unconverted")] = "1";
  return columns;
}

/** What a counted record adds to each aggregate it belongs to. */
export function contribution(record: Commitment): Contribution {
  const result: Contribution = new Map();
  const month = monthOf(record.announcedOn);
  const add = (target: AggregateTarget, columns: Columns) =>
    result.set(targetId(target), { target, columns });
  const base = money(record, record.confidence, true);
  add({ scope: "month", dimension: "all", group: "*", month }, base);
  add({ scope: "month", dimension: "country", group: record.location.country, month }, base);
  add({ scope: "month", dimension: "status", group: record.status, month }, base);
  for (const category of record.categories)
    add({ scope: "month", dimension: "category", group: category, month }, base);
  if (record.amount) {
    const inCurrency = {
      ...base,
      [column(record.confidence, "amountLow")]: record.amount.low,
      [column(record.confidence, "amountHigh")]: record.amount.high,
    };
    add({ scope: "month", dimension: "currency", group: record.amount.currency, month }, inCurrency);
  }
  const funding = new Map<string, boolean>();
  for (const party of record.parties)
    funding.set(party.slug, (funding.get(party.slug) ?? false) || FUNDING_ROLES.has(party.role));
  for (const [slug, funds] of funding) {
    const columns = money(record, record.confidence, funds);
    add({ scope: "month", dimension: "party", group: slug, month }, columns);
    add({ scope: "party", dimension: "party", group: slug, month: "*" }, columns);
  }
  return result;
}

/** after − before, per aggregate; aggregates whose delta is zero everywhere are left out. */
export function contributionDelta(
  before: Contribution | undefined,
  after: Contribution | undefined,
): Contribution {
  const delta: Contribution = new Map();
  const merge = (source: Contribution | undefined, sign: 1 | -1) => {
    for (const [id, { target, columns }] of source ?? []) {
      const entry = delta.get(id) ?? { target, columns: {} };
      for (const [name, value] of Object.entries(columns))
        entry.columns[name] = addSigned(entry.columns[name] ?? "0", sign === 1 ? value : negate(value));
      delta.set(id, entry);
    }
  };
  merge(after, 1);
  merge(before, -1);
  for (const [id, entry] of delta) {
    for (const [name, value] of Object.entries(entry.columns)) if (isZero(value)) delete entry.columns[name];
    if (Object.keys(entry.columns).length === 0) delta.delete(id);
  }
  return delta;
}

/** The ledger-wide part of a delta (the `all` aggregate), to book by recording time for summaries. */
export function ledgerDelta(delta: Contribution): Columns {
  const columns: Columns = {};
  for (const { target, columns: values } of delta.values())
    if (target.scope === "month" && target.dimension === "all")
      for (const [name, value] of Object.entries(values))
        columns[name] = addSigned(columns[name] ?? "0", value);
  return columns;
}

export interface Totals {
  count: string;
  usdLow: string;
  usdHigh: string;
  unconverted: string;
  amountLow?: string;
  amountHigh?: string;
}

/** Sums the columns of aggregate items into totals, for the confidences asked for. */
export function sumColumns(items: Columns[], confidences: readonly string[] = CONFIDENCES): Totals {
  const totals: Record<Measure, string> = {
    count: "0",
    usdLow: "0",
    usdHigh: "0",
    unconverted: "0",
    amountLow: "0",
    amountHigh: "0",
  };
  let inCurrency = false;
  for (const item of items)
    for (const confidence of confidences)
      for (const measure of MEASURES) {
        const value = item[column(confidence, measure)];
        if (value === undefined) continue;
        if (measure === "amountLow" || measure === "amountHigh") inCurrency = true;
        totals[measure] = addSigned(totals[measure], value);
      }
  const { amountLow, amountHigh, ...usd } = totals;
  return inCurrency ? { ...usd, amountLow, amountHigh } : usd;
}
