/** Item ↔ record mapping for commitments: the record item, its revisions (with snapshots) and its list entries. */
import { storedConversion } from "../domain/fx.ts";
import { keys, LISTING_DIMENSIONS, type ListDimension } from "../table/keys.ts";
import * as z from "../zod.ts";
import {
  amountSchema,
  amountUsdSchema,
  CATEGORIES,
  CONFIDENCES,
  type Commitment,
  commitmentSchema,
  PRECISIONS,
  type Revision,
  rateCurrencies,
  revisionSchema,
  STATUSES,
} from "./schema.ts";

/** A record or snapshot stored before conversions carried their rate's kind and version and a stale flag. */
function withCurrentConversion(value: unknown): unknown {
  if (typeof value !== "object" || value === null || !("amountUsd" in value) || !("announcedOn" in value))
    return value;
  const { amountUsd, announcedOn } = value;
  if (typeof announcedOn !== "string") return value;
  return { ...value, amountUsd: storedConversion(amountUsd, announcedOn) };
}

/** The record item as stored; read back through this schema, never a cast. */
const commitmentItemSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  type: z.literal("commitment"),
  version: z.number().check(z.int()),
  /** How many commitments name this one as parent; a parent with parts cannot be deleted. */
  childCount: z._default(z.number().check(z.int()), 0),
  /** The fingerprint this record owns (absent when it was stored with allowDuplicate). */
  fingerprint: z.optional(z.string()),
  /**
   * Whether an ancestor has an amount: the money is then counted through that ancestor and this record adds
   * nothing to the totals (no double counting, SPEC 2).
   */
  covered: z._default(z.boolean(), false),
  record: z.pipe(z.transform(withCurrentConversion), commitmentSchema),
});
export type CommitmentItem = z.output<typeof commitmentItemSchema>;

export function toCommitmentItem(
  record: Commitment,
  extra: { childCount: number; fingerprint?: string | undefined; covered?: boolean },
): CommitmentItem {
  return {
    ...keys.commitment(record.id),
    type: "commitment",
    version: record.version,
    childCount: extra.childCount,
    ...(extra.fingerprint ? { fingerprint: extra.fingerprint } : {}),
    covered: extra.covered ?? false,
    record,
  };
}

/** The stored item back as a typed record, keys in schema order (DynamoDB maps keep no order). */
export function fromCommitmentItem(item: Record<string, unknown> | undefined): CommitmentItem | undefined {
  if (item?.type !== "commitment") return undefined;
  return commitmentItemSchema.parse(item);
}

export function fromRevisionItem(item: Record<string, unknown>): Revision {
  const revision = revisionSchema.parse(item.revision);
  return {
    ...revision,
    fields: Object.fromEntries(Object.entries(revision.fields).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

/**
 * The record as it stood right after a revision (before it, for a deletion), with whether it counted in the
 * totals: enough for a summary to describe the period from the activity index alone, deterministically.
 */
export const revisionSnapshotSchema = z.object({
  title: z.string(),
  announcedOn: z.string(),
  announcedOnPrecision: z.enum(PRECISIONS),
  amount: z.nullable(amountSchema),
  amountUsd: z.nullable(amountUsdSchema),
  country: z.string(),
  categories: z.array(z.enum(CATEGORIES)),
  confidence: z.enum(CONFIDENCES),
  status: z.enum(STATUSES),
  parentId: z.nullable(z.string()),
  counted: z.boolean(),
  sources: z.array(
    z.object({ url: z.string(), publisher: z.optional(z.string()), title: z.optional(z.string()) }),
  ),
});
export type RevisionSnapshot = z.output<typeof revisionSnapshotSchema>;

export function snapshotOf(record: Commitment, counted: boolean): RevisionSnapshot {
  return {
    title: record.title,
    announcedOn: record.announcedOn,
    announcedOnPrecision: record.announcedOnPrecision,
    amount: record.amount ?? null,
    amountUsd: record.amountUsd,
    country: record.location.country,
    categories: record.categories,
    confidence: record.confidence,
    status: record.status,
    parentId: record.parentId ?? null,
    counted,
    sources: record.sources.map(({ url, publisher, title }) => ({
      url,
      ...(publisher ? { publisher } : {}),
      ...(title ? { title } : {}),
    })),
  };
}

/** What one revision moved in the ledger-wide totals for one commitment (itself, or a part whose cover flipped). */
const ledgerEffectSchema = z.object({
  commitmentId: z.string(),
  /** Signed deltas of the `all` aggregate's columns (see shared/domain/aggregates.ts). */
  columns: z.record(z.string(), z.string()),
  /** For a flipped part: the part as it stood after the flip. */
  snapshot: z.optional(revisionSnapshotSchema),
});
export type LedgerEffect = z.output<typeof ledgerEffectSchema>;

export function toRevisionItem(
  id: string,
  revision: Revision,
  snapshot: RevisionSnapshot,
  effects: LedgerEffect[],
) {
  return {
    ...keys.revision(id, revision.version),
    ...keys.activity(revision.at, id, revision.version),
    type: "revision",
    commitmentId: id,
    revision,
    snapshot,
    effects,
  };
}

/** A revision as the activity index returns it, for summaries. */
export interface ActivityItem {
  commitmentId: string;
  revision: Revision;
  snapshot: RevisionSnapshot;
  /** Absent on revisions written before effects were kept. */
  effects?: LedgerEffect[] | undefined;
}

/**
 * A revision item of the activity index as an ActivityItem; undefined for one written before snapshots existed
 * (it cannot be described deterministically).
 */
export function fromActivityItem(item: Record<string, unknown>): ActivityItem | undefined {
  if (item.type !== "revision" || !item.snapshot) return undefined;
  const snapshot = revisionSnapshotSchema.parse(withCurrentConversion(item.snapshot));
  return {
    commitmentId: z.string().parse(item.commitmentId),
    revision: withCurrentConversions(fromRevisionItem(item), snapshot.announcedOn),
    snapshot,
    effects: item.effects === undefined ? undefined : z.array(ledgerEffectSchema).parse(item.effects),
  };
}

/** A revision's USD change as summaries read it, each side dated by the announcement it had then. */
function withCurrentConversions(revision: Revision, announcedOn: string): Revision {
  const usd = revision.fields.amountUsd;
  if (!usd) return revision;
  const dates = revision.fields.announcedOn;
  const dated = (side: unknown) => (typeof side === "string" ? side : announcedOn);
  return {
    ...revision,
    fields: {
      ...revision.fields,
      amountUsd: {
        from: storedConversion(usd.from, dated(dates?.from)),
        to: storedConversion(usd.to, dated(dates?.to)),
      },
    },
  };
}

/** Text that `q` matches: title and party names, case-folded in any script. */
export function searchText(value: string): string {
  return value.normalize("NFKC").toLowerCase();
}

/** The (dimension, value) pairs a record is listed under. */
export function listMemberships(record: Commitment): [ListDimension, string][] {
  const memberships: [ListDimension, string][] = [
    ["all", "*"],
    ["country", record.location.country],
    ["status", record.status],
    ["confidence", record.confidence],
  ];
  for (const slug of new Set(record.parties.map((party) => party.slug))) memberships.push(["party", slug]);
  for (const category of record.categories) memberships.push(["category", category]);
  if (record.amount) memberships.push(["currency", record.amount.currency]);
  for (const currency of rateCurrencies(record))
    if (currency !== record.amount?.currency) memberships.push(["sourceCurrency", currency]);
  if (record.parentId) memberships.push(["parent", record.parentId]);
  return memberships;
}

/**
 * The listing partitions (GET /commitments reads nothing else): their entries carry the whole record, so a page is
 * one Query, and the listing filters on the record's own attributes (`record.status`, ...); beside it only what no
 * record attribute gives: the case-folded search text.
 * The `currency` and `parent` entries serve internal lookups (near-duplicates, re-conversion, parts) that need
 * only ids and a few fields, and stay small.
 */
const RECORD_CARRYING: ReadonlySet<ListDimension> = new Set(LISTING_DIMENSIONS);

/**
 * Every list entry of a record, keyed by partition and ordered by date and USD amount (keys.ts); a record change
 * writes each of its listing entries again (they carry it).
 */
export function listEntries(record: Commitment): Record<string, unknown>[] {
  const usdHigh = record.amountUsd?.high ?? null;
  const copy = {
    type: "entry",
    search: searchText([record.title, ...record.parties.map((party) => party.name)].join("\n")),
    record,
  };
  const lookup = {
    type: "entry",
    id: record.id,
    announcedOn: record.announcedOn,
    country: record.location.country,
    parties: [...new Set(record.parties.map((party) => party.slug))],
  };
  return listMemberships(record).map(([dimension, value]) => {
    const key = keys.listEntry(dimension, value, record.id);
    return {
      ...key,
      ...keys.listEntryIndexes(key.pk, record.announcedOn, usdHigh, record.id),
      ...(RECORD_CARRYING.has(dimension) ? copy : lookup),
    };
  });
}

/**
 * The record schema compiled by zod into one generated function (same output and errors; zod falls back to its
 * runtime parser for anything the compiler cannot express). A listing page validates 25 records, and zod/mini's
 * objects have no other fast path: compiled, a page's validation takes about a quarter of the time (the bench prints
 * it). Compiled on the first page a container serves (13–35 ms here), not at import, so no cold start pays for it.
 */
let carriedRecordSchema: typeof commitmentSchema | undefined;

/** The record a listing entry carries, read through the record schema; undefined for an entry written before entries carried records. */
export function recordOfEntry(entry: Record<string, unknown>): Commitment | undefined {
  if (entry.record === undefined) return undefined;
  carriedRecordSchema ??= z.compile(commitmentSchema);
  return carriedRecordSchema.parse(withCurrentConversion(entry.record));
}
