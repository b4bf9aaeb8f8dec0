/**
 * The single-table layout: every key of every item is built here and nowhere else.
 *
 * | item        | pk                 | sk                      | gsi1 (pk / sk)             | gsi2 (pk / sk)        | gsi3 (pk / sk)             |
 * |-------------|--------------------|-------------------------|----------------------------|-----------------------|----------------------------|
 * | commitment  | CMT#<id>           | RECORD                  |                            |                       |                            |
 * | revision    | CMT#<id>           | REV#<version, 9 digits> |                            |                       | ACT#<day> / <at>#<id>#<v>  |
 * | list entry  | LIST#<dim>#<value> | <id>                    | = pk / <announcedOn>#<id>  | = pk / <usdHigh>#<id> |                            |
 * | fingerprint | FP#<hash>          | FP                      |                            |                       |                            |
 * | party       | PARTIES            | <slug>                  |                            |                       |                            |
 * | alias       | ALIAS#<sha256>     | ALIAS                   |                            |                       |                            |
 * | fx rate     | FX#<currency>      | <date>                  |                            |                       | FXALL / <currency>#<date>  |
 * | fx version  | FXHIST#<cur>#<date>| <version, 9 digits>     |                            |                       |                            |
 * | fx epoch    | FXEPOCH#<currency> | EPOCH                   |                            |                       |                            |
 * | api key     | KEY#<sha256>       | KEY                     |                            |                       | KEYS / <id>                |
 * | idempotency | IDEM#<sha256>      | IDEM                    |                            |                       |                            |
 * | aggregate   | AGG#<dimension>    | <YYYY-MM>#<group>       | AGG#<dim>#<group> / <month> |                      |                            |
 * | all-time    | AGGALL#<dimension> | <group>                 |                            |                       |                            |
 * | ledger/day  | AGG#recorded-day   | <YYYY-MM-DD>            |                            |                       |                            |
 * | ledger/month| AGG#recorded-month | <YYYY-MM>               |                            |                       |                            |
 *
 * Aggregates are kept per announcement month (totals), and for a category also all-time (totals without dates); a
 * party's all-time aggregate is its registry item. The ledger items book the same deltas by the time they
 * were recorded, so a summary can read the ledger's totals as they stood at the end of any period. An aggregate
 * item holds its keys, its type and its measure columns, nothing else: a totals read pays for every byte of it.
 * | webhook     | WH#<id>            | WEBHOOK                 |                            |                       | WEBHOOKS / <id>            |
 * | delivery    | WH#<webhook id>    | DLV#<delivery id>       | WHDLV#<wh>#<status> / <createdAt>#<dlv> | WHDLV#<wh> / <createdAt>#<dlv> | WHDUE / <nextAttemptAt>#<dlv>, while pending |
 * | summary     | SUMMARY#<period>   | <label: 2025-W05>       |                            |                       | SUMMARIES / <end>#<period> |
 *
 * An fx rate item holds the version in force; every version, the first included, is also kept in its own
 * partition (never in FX#<currency>, where the rate in force is found by `sk <= date`). The epoch counts a
 * currency's rate changes: a write that converts into that currency checks it has not moved since it read the rate.
 *
 * A summary is stored once per period (weekly, monthly); gsi3 lists both kinds together, newest first.
 *
 * List entries are the index entries of SPEC 4.2: one per filterable value of a commitment, written in the same
 * transaction as the record, so each listing is a Query on the partition its most selective filter names. Those of
 * the listing's partitions carry a copy of the record, so that Query is the whole page.
 */
import { createHash } from "node:crypto";
import type { AggregateTarget } from "../domain/aggregates.ts";
import { padWhole } from "../domain/decimal.ts";
import type { IndexName } from "./definition.ts";

export type Key = {
  pk: string;
  sk: string;
};

/** The partitions GET /commitments reads: their entries carry the record (shared/commitments/items.ts). */
export const LISTING_DIMENSIONS = ["all", "party", "category", "country", "status", "confidence"] as const;
/**
 * Every list partition: the listing's, and those internal lookups read for ids: `currency` (the amount's: near-
 * duplicates, re-conversion), `sourceCurrency` (another currency a source states its figure in, which the
 * sources' agreement is judged at: re-conversion) and `parent` (parts).
 */
export const LIST_DIMENSIONS = [...LISTING_DIMENSIONS, "currency", "sourceCurrency", "parent"] as const;
export type ListDimension = (typeof LIST_DIMENSIONS)[number];

const REVISION_PREFIX = "REV#";

/**
 * The indexes by what each access pattern reads (the GSIs are overloaded, see the table above): code names the
 * pattern, never "gsi1".
 */
export const index = {
  listByDate: "gsi1",
  aggregatesByGroup: "gsi1",
  deliveriesByStatus: "gsi1",
  listByUsd: "gsi2",
  deliveriesByWebhook: "gsi2",
  activity: "gsi3",
  fxRates: "gsi3",
  apiKeys: "gsi3",
  webhooks: "gsi3",
  dueDeliveries: "gsi3",
  summaries: "gsi3",
} as const satisfies Record<string, IndexName>;

const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

export const keys = {
  commitment: (id: string): Key => ({ pk: `CMT#${id}`, sk: "RECORD" }),
  revision: (id: string, version: number): Key => ({
    pk: `CMT#${id}`,
    sk: `${REVISION_PREFIX}${String(version).padStart(9, "0")}`,
  }),
  /** The sort-key prefix of a commitment's revisions (beside its record in the same partition). */
  revisionPrefix: REVISION_PREFIX,
  /** Activity by day (UTC) for summaries: a window is a handful of Queries, however large the table. */
  activity: (at: string, id: string, version: number) => ({
    gsi3pk: `ACT#${at.slice(0, 10)}`,
    gsi3sk: `${at}#${id}#${version}`,
  }),
  listPartition: (dimension: ListDimension, value: string) => `LIST#${dimension}#${value}`,
  /** A list entry's key stays put when its date or amount changes; only its index attributes move. */
  listEntry: (dimension: ListDimension, value: string, id: string): Key => ({
    pk: keys.listPartition(dimension, value),
    sk: id,
  }),
  listEntryIndexes: (partition: string, announcedOn: string, usdHigh: string | null, id: string) => ({
    gsi1pk: partition,
    gsi1sk: `${announcedOn}#${id}`,
    gsi2pk: partition,
    gsi2sk: `${usdSortKey(usdHigh)}#${id}`,
  }),
  fingerprint: (fingerprint: string): Key => ({ pk: `FP#${sha256(fingerprint)}`, sk: "FP" }),
  party: (slug: string): Key => ({ pk: "PARTIES", sk: slug }),
  partiesPartition: "PARTIES",
  /** One normalised party name or alias (shared/parties/names.ts), hashed so that any name makes a valid key. */
  alias: (normalised: string): Key => ({ pk: `ALIAS#${sha256(normalised)}`, sk: "ALIAS" }),
  fxRate: (currency: string, date: string) => ({
    pk: `FX#${currency}`,
    sk: date,
    gsi3pk: "FXALL",
    gsi3sk: `${currency}#${date}`,
  }),
  fxPartition: (currency: string) => `FX#${currency}`,
  fxRateVersion: (currency: string, date: string, version: number): Key => ({
    pk: keys.fxHistoryPartition(currency, date),
    sk: String(version).padStart(9, "0"),
  }),
  fxHistoryPartition: (currency: string, date: string) => `FXHIST#${currency}#${date}`,
  fxEpoch: (currency: string): Key => ({ pk: `FXEPOCH#${currency}`, sk: "EPOCH" }),
  fxAllPartition: "FXALL",
  apiKey: (hash: string, id: string) => ({ pk: `KEY#${hash}`, sk: "KEY", gsi3pk: "KEYS", gsi3sk: id }),
  apiKeyLookup: (hash: string): Key => ({ pk: `KEY#${hash}`, sk: "KEY" }),
  apiKeysPartition: "KEYS",
  aggregate: (dimension: string, month: string, group: string): Key => ({
    pk: `AGG#${dimension}`,
    sk: `${month}#${group}`,
  }),
  aggregatePartition: (dimension: string) => `AGG#${dimension}`,
  /** An aggregate item's month and group, read from its sort key: the item holds no copy of them. */
  aggregateOf: (sk: string) => ({ month: sk.slice(0, 7), group: sk.slice(8) }),
  /** One group's months, for totals filtered on the grouped dimension (a key range, not a filter). */
  aggregateByGroup: (dimension: string, group: string, month: string) => ({
    gsi1pk: keys.aggregateGroupPartition(dimension, group),
    gsi1sk: month,
  }),
  aggregateGroupPartition: (dimension: string, group: string) => `AGG#${dimension}#${group}`,
  /** A group's all-time aggregate (shared/domain/aggregates.ts ALL_TIME_DIMENSIONS). */
  aggregateAllTime: (dimension: string, group: string): Key => ({
    pk: keys.aggregateAllTimePartition(dimension),
    sk: group,
  }),
  aggregateAllTimePartition: (dimension: string) => `AGGALL#${dimension}`,
  /** Where an aggregate target is kept, and what its item holds besides its columns when a delta creates it. */
  aggregateItem: (target: AggregateTarget): { key: Key; initial: Record<string, unknown> } => {
    if (target.scope === "party")
      return { key: keys.party(target.group), initial: { type: "party", slug: target.group } };
    if (target.scope === "all-time")
      return { key: keys.aggregateAllTime(target.dimension, target.group), initial: { type: "aggregate" } };
    return {
      key: keys.aggregate(target.dimension, target.month, target.group),
      initial: { type: "aggregate", ...keys.aggregateByGroup(target.dimension, target.group, target.month) },
    };
  },
  ledgerByDay: (day: string): Key => ({ pk: "AGG#recorded-day", sk: day }),
  ledgerByMonth: (month: string): Key => ({ pk: "AGG#recorded-month", sk: month }),
  ledgerDayPartition: "AGG#recorded-day",
  ledgerMonthPartition: "AGG#recorded-month",
  idempotency: (principal: string, route: string, key: string): Key => ({
    pk: `IDEM#${sha256(`${principal}\n${route}\n${key}`)}`,
    sk: "IDEM",
  }),
  webhook: (id: string) => ({ pk: `WH#${id}`, sk: "WEBHOOK", gsi3pk: "WEBHOOKS", gsi3sk: id }),
  webhookLookup: (id: string): Key => ({ pk: `WH#${id}`, sk: "WEBHOOK" }),
  webhooksPartition: "WEBHOOKS",
  /** A delivery lives beside its webhook; its id is derived from the event and the webhook (idempotent writes). */
  delivery: (webhookId: string, deliveryId: string): Key => ({
    pk: `WH#${webhookId}`,
    sk: `DLV#${deliveryId}`,
  }),
  /** A webhook's deliveries newest first, all (gsi2) or by status (gsi1). */
  deliveryIndexes: (webhookId: string, deliveryId: string, status: string, createdAt: string) => ({
    gsi1pk: keys.deliveryStatusPartition(webhookId, status),
    gsi1sk: `${createdAt}#${deliveryId}`,
    gsi2pk: keys.deliveriesPartition(webhookId),
    gsi2sk: `${createdAt}#${deliveryId}`,
  }),
  deliveryStatusPartition: (webhookId: string, status: string) => `WHDLV#${webhookId}#${status}`,
  deliveriesPartition: (webhookId: string) => `WHDLV#${webhookId}`,
  /** Present only while a delivery is pending: the retry job Queries what is due, never Scans. */
  deliveryDue: (nextAttemptAt: string, deliveryId: string) => ({
    gsi3pk: keys.dueDeliveriesPartition,
    gsi3sk: `${nextAttemptAt}#${deliveryId}`,
  }),
  dueDeliveriesPartition: "WHDUE",
  /** One UTC day of the activity index (revisions by `at`, see `activity`). */
  activityPartition: (day: string) => `ACT#${day}`,
  summary: (period: string, label: string, end: string) => ({
    pk: keys.summaryPartition(period),
    sk: label,
    gsi3pk: keys.summariesPartition,
    gsi3sk: `${end}#${period}`,
  }),
  summaryLookup: (period: string, label: string): Key => ({ pk: keys.summaryPartition(period), sk: label }),
  summaryPartition: (period: string) => `SUMMARY#${period}`,
  summariesPartition: "SUMMARIES",
};

/** Unconverted records sort as zero: first ascending, last descending, never dropped. */
export function usdSortKey(usdHigh: string | null): string {
  return padWhole(usdHigh ?? "0");
}
