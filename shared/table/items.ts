/** Item ↔ record mapping for commitments: the record item, its revisions and its list entries. */
import { type Commitment, commitmentSchema, type Revision, revisionSchema } from "../domain/commitment.ts";
import { padWhole } from "../domain/decimal.ts";
import { type Key, keys, type ListDimension } from "./keys.ts";

export type CommitmentItem = Key & {
  type: "commitment";
  version: number;
  /** How many commitments name this one as parent; a parent with parts cannot be deleted. */
  childCount: number;
  /** The fingerprint this record owns (absent when it was stored with allowDuplicate). */
  fingerprint?: string;
  record: Commitment;
};

export function toCommitmentItem(
  record: Commitment,
  extra: { childCount: number; fingerprint?: string | undefined },
): CommitmentItem {
  return {
    ...keys.commitment(record.id),
    type: "commitment",
    version: record.version,
    childCount: extra.childCount,
    ...(extra.fingerprint ? { fingerprint: extra.fingerprint } : {}),
    record,
  };
}

/** The stored item back as a typed record, keys in schema order (DynamoDB maps keep no order). */
export function fromCommitmentItem(item: Record<string, unknown> | undefined): CommitmentItem | undefined {
  if (item?.type !== "commitment") return undefined;
  const stored = item as unknown as CommitmentItem;
  return { ...stored, record: commitmentSchema.parse(stored.record) };
}

export function fromRevisionItem(item: Record<string, unknown>): Revision {
  const revision = revisionSchema.parse(item.revision);
  return {
    ...revision,
    fields: Object.fromEntries(Object.entries(revision.fields).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

export function toRevisionItem(id: string, revision: Revision) {
  return {
    ...keys.revision(id, revision.version),
    ...keys.activity(revision.at, id, revision.version),
    type: "revision",
    commitmentId: id,
    revision,
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
  if (record.parentId) memberships.push(["parent", record.parentId]);
  return memberships;
}

/** Every list entry of a record: small items carrying what listing filters need, keyed by partition. */
export function listEntries(record: Commitment): Record<string, unknown>[] {
  const usdHigh = record.amountUsd?.high ?? null;
  const filterable = {
    type: "entry",
    id: record.id,
    announcedOn: record.announcedOn,
    country: record.location.country,
    status: record.status,
    confidence: record.confidence,
    categories: record.categories,
    parties: [...new Set(record.parties.map((party) => party.slug))],
    search: searchText([record.title, ...record.parties.map((party) => party.name)].join("\n")),
    ...(record.amountUsd
      ? { usdLow: padWhole(record.amountUsd.low), usdHigh: padWhole(record.amountUsd.high) }
      : {}),
  };
  return listMemberships(record).map(([dimension, value]) => {
    const key = keys.listEntry(dimension, value, record.id);
    return {
      ...key,
      ...keys.listEntryIndexes(key.pk, record.announcedOn, usdHigh, record.id),
      ...filterable,
    };
  });
}
