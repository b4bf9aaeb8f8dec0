/**
 * What a commitment adds to the totals (SPEC 2 and 3.3), as pure data, and how kept columns sum back into
 * totals that keep "at least" and "up to": per aggregate and confidence, a count of records, and per qualifier
 * the count and USD low/high of the converted figures (and, per currency, the amounts in that currency). Floors,
 * ceilings and open ends are derived from the per-qualifier sums, so they can never drift from them.
 */
import { QUALIFIERS, type Qualifier } from "../commitments/money.ts";
import type { Commitment } from "../commitments/schema.ts";
import { CONFIDENCES } from "../commitments/vocabulary.ts";
import { monthOf } from "./dates.ts";
import { addSigned, isZero, negate } from "./decimal.ts";

/** Dimensions kept per announcement month (`year` is read from `all`). */
export const AGGREGATE_DIMENSIONS = ["all", "country", "category", "party", "status", "currency"] as const;
export type AggregateDimension = (typeof AGGREGATE_DIMENSIONS)[number];

/** Parties in these roles bring the money; a technology partner or operator is involved, not credited with it. */
export const FUNDING_ROLES: ReadonlySet<string> = new Set(["funder", "lead", "government", "lender"]);

/** Measures kept per confidence: records, records whose figure has no rate, conversions with a stale rate, involvement. */
const RECORD_MEASURES = ["count", "unconverted", "stale", "involved"] as const;
/** Measures kept per confidence and qualifier. */
const FIGURE_MEASURES = ["count", "usdLow", "usdHigh", "amountLow", "amountHigh"] as const;
type RecordMeasure = (typeof RECORD_MEASURES)[number];
type FigureMeasure = (typeof FIGURE_MEASURES)[number];

/** Attribute name of a record measure ("official_count") or of a figure measure ("official_at-least_usdLow"). */
export function column(confidence: string, measure: RecordMeasure): string;
export function column(confidence: string, qualifier: Qualifier, measure: FigureMeasure): string;
export function column(confidence: string, a: string, b?: string): string {
  return b === undefined ? `${confidence}_${a}` : `${confidence}_${a}_${b}`;
}

/** Whether an attribute of an aggregate item is one of its measure columns. */
export function isColumn(name: string): boolean {
  return CONFIDENCES.some((confidence) => name.startsWith(`${confidence}_`));
}

/** Signed decimal deltas by attribute name. */
export type Columns = Record<string, string>;

/**
 * Dimensions also kept all-time, one item a group, for totals without a date range. A category's months fill in
 * with a column per kind of figure as the ledger grows, so reading all its months grows with the ledger until every
 * month holds every kind; its all-time items are as many as the categories, and full. (A party's all-time item is
 * its registry item; country, status and currency are read whole from few, full items.)
 */
export const ALL_TIME_DIMENSIONS: ReadonlySet<AggregateDimension> = new Set(["category"]);

export interface AggregateTarget {
  /**
   * "month" aggregates are per announcement month; "party" is a party's all-time registry item; "all-time" is a
   * group's all-time item, for the dimensions of ALL_TIME_DIMENSIONS.
   */
  scope: "month" | "party" | "all-time";
  dimension: AggregateDimension;
  group: string;
  month: string;
}

export type Contribution = Map<string, { target: AggregateTarget; columns: Columns }>;

const targetId = (target: AggregateTarget) =>
  `${target.scope}|${target.dimension}|${target.group}|${target.month}`;

/** What a figure needs to be counted: its confidence, its amount and the amount's USD conversion. */
type Counted = Pick<Commitment, "confidence"> & {
  amount?: Commitment["amount"] | null;
  amountUsd: Commitment["amountUsd"];
};

/** A record's columns: counted as a record, its figure by qualifier (when it funds), its currency amounts if asked. */
function columnsOf(record: Counted, options: { funds: boolean; inCurrency: boolean }): Columns {
  const confidence = record.confidence;
  const columns: Columns = { [column(confidence, options.funds ? "count" : "involved")]: "1" };
  const amount = record.amount;
  if (!options.funds || !amount) return columns;
  const qualifier = amount.qualifier;
  if (record.amountUsd) {
    columns[column(confidence, qualifier, "count")] = "1";
    columns[column(confidence, qualifier, "usdLow")] = record.amountUsd.low;
    columns[column(confidence, qualifier, "usdHigh")] = record.amountUsd.high;
    if (record.amountUsd.stale) columns[column(confidence, "stale")] = "1";
  } else columns[column(confidence, "unconverted")] = "1";
  if (options.inCurrency) {
    columns[column(confidence, qualifier, "amountLow")] = amount.low;
    columns[column(confidence, qualifier, "amountHigh")] = amount.high;
  }
  return columns;
}

/** What a counted record adds to the ledger-wide (`all`) aggregate. */
export function ledgerColumns(record: Counted): Columns {
  return columnsOf(record, { funds: true, inCurrency: false });
}

/** What a counted record adds to each aggregate it belongs to. */
export function contribution(record: Commitment): Contribution {
  const result: Contribution = new Map();
  const month = monthOf(record.announcedOn);
  const add = (target: AggregateTarget, columns: Columns) =>
    result.set(targetId(target), { target, columns });
  const base = columnsOf(record, { funds: true, inCurrency: false });
  add({ scope: "month", dimension: "all", group: "*", month }, base);
  add({ scope: "month", dimension: "country", group: record.location.country, month }, base);
  add({ scope: "month", dimension: "status", group: record.status, month }, base);
  for (const category of record.categories) {
    add({ scope: "month", dimension: "category", group: category, month }, base);
    add({ scope: "all-time", dimension: "category", group: category, month: "*" }, base);
  }
  if (record.amount)
    add(
      { scope: "month", dimension: "currency", group: record.amount.currency, month },
      columnsOf(record, { funds: true, inCurrency: true }),
    );
  const funding = new Map<string, boolean>();
  for (const party of record.parties)
    funding.set(party.slug, (funding.get(party.slug) ?? false) || FUNDING_ROLES.has(party.role));
  for (const [slug, funds] of funding) {
    const columns = columnsOf(record, { funds, inCurrency: false });
    add({ scope: "month", dimension: "party", group: slug, month }, columns);
    add({ scope: "party", dimension: "party", group: slug, month: "*" }, columns);
  }
  return result;
}

/** Adds signed columns; columns that come to zero are dropped. */
export function addColumns(a: Columns, b: Columns, sign: 1 | -1 = 1): Columns {
  const sum: Columns = { ...a };
  for (const [name, value] of Object.entries(b)) {
    const next = addSigned(sum[name] ?? "0", sign === 1 ? value : negate(value));
    if (isZero(next)) delete sum[name];
    else sum[name] = next;
  }
  return sum;
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
      delta.set(id, { target, columns: addColumns(entry.columns, columns, sign) });
    }
  };
  merge(after, 1);
  merge(before, -1);
  for (const [id, entry] of delta) if (Object.keys(entry.columns).length === 0) delta.delete(id);
  return delta;
}

/** The ledger-wide part of a delta (the `all` aggregate), to book by recording time for summaries. */
export function ledgerDelta(delta: Contribution): Columns {
  let columns: Columns = {};
  for (const { target, columns: values } of delta.values())
    if (target.scope === "month" && target.dimension === "all") columns = addColumns(columns, values);
  return columns;
}

/** One qualifier's share of a total: the records' own figures, summed. */
export interface QualifierTotals {
  count: string;
  usdLow: string;
  usdHigh: string;
}

/** Totals that keep the qualifiers (SPEC 3.3). Counts are decimal strings like the sums. */
export interface Totals {
  /** Records counted (with or without a figure). */
  count: string;
  /** The floor: what is committed at the least ("up to" adds nothing). */
  usdLow: string;
  /** The ceiling, or null when an "at least" figure leaves it open (a delta: when the open figures changed). */
  usdHigh: string | null;
  /** How many "at least" figures are in the total. */
  openEnded: string;
  byQualifier: Partial<Record<Qualifier, QualifierTotals>>;
  /** Records with a figure but no exchange rate: counted, never guessed into the sums. */
  unconverted: string;
  /** Conversions whose rate is dated more than 31 days before the announcement. */
  stale: string;
  /** For a currency: floor and ceiling in the currency itself (ceiling null when open). */
  amountLow?: string;
  amountHigh?: string | null;
}

/** Sums the columns of aggregate items into totals, for the confidences asked for. */
export function sumColumns(items: Columns[], confidences: readonly string[] = CONFIDENCES): Totals {
  const sum = (name: string) =>
    items.reduce((total, item) => (item[name] === undefined ? total : addSigned(total, item[name])), "0");
  const acrossConfidences = (name: (confidence: string) => string) =>
    confidences.reduce((total, confidence) => addSigned(total, sum(name(confidence))), "0");
  const record = (measure: RecordMeasure) => acrossConfidences((c) => column(c, measure));
  const figure = (qualifier: Qualifier, measure: FigureMeasure) =>
    acrossConfidences((c) => column(c, qualifier, measure));

  const byQualifier: Totals["byQualifier"] = {};
  let floor = "0";
  let ceiling = "0";
  let amountFloor = "0";
  let amountCeiling = "0";
  let inCurrency = false;
  for (const qualifier of QUALIFIERS) {
    const own = {
      count: figure(qualifier, "count"),
      usdLow: figure(qualifier, "usdLow"),
      usdHigh: figure(qualifier, "usdHigh"),
    };
    const amountLow = figure(qualifier, "amountLow");
    const amountHigh = figure(qualifier, "amountHigh");
    // A change may move a qualifier's sums without its count (a figure revised in place).
    if (!isZero(own.count) || !isZero(own.usdLow) || !isZero(own.usdHigh)) byQualifier[qualifier] = own;
    if (!isZero(amountHigh)) inCurrency = true;
    if (qualifier !== "up-to") {
      floor = addSigned(floor, own.usdLow);
      amountFloor = addSigned(amountFloor, amountLow);
    }
    if (qualifier !== "at-least") {
      ceiling = addSigned(ceiling, own.usdHigh);
      amountCeiling = addSigned(amountCeiling, amountHigh);
    }
  }
  const openEnded = figure("at-least", "count");
  const totals: Totals = {
    count: record("count"),
    usdLow: floor,
    usdHigh: isZero(openEnded) ? ceiling : null,
    openEnded,
    byQualifier,
    unconverted: record("unconverted"),
    stale: record("stale"),
  };
  if (!inCurrency) return totals;
  const openInCurrency = !isZero(figure("at-least", "amountHigh"));
  return { ...totals, amountLow: amountFloor, amountHigh: openInCurrency ? null : amountCeiling };
}

/** Records a party is named in without funding, leading, lending or governing them. */
export function involvedCount(items: Columns[], confidences: readonly string[] = CONFIDENCES): string {
  return confidences.reduce(
    (total, confidence) =>
      items.reduce((sum, item) => addSigned(sum, item[column(confidence, "involved")] ?? "0"), total),
    "0",
  );
}
