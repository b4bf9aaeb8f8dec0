/**
 * The transaction plan of one change to a commitment: what it writes, as operations of a transaction: the record, its revision, its list
 * entries, its fingerprint, its parent's part count, its parties, and the aggregate deltas that keep the totals
 * exact. Creates, updates, deletes, source attachments, re-conversions and batches all go through `planChange`.
 */
import {
  type Contribution,
  contribution,
  contributionDelta,
  FUNDING_ROLES,
  ledgerDelta,
} from "../domain/aggregates.ts";
import { canonicalJson } from "../domain/revisions.ts";
import { type Key, keys } from "../table/keys.ts";
import { TransactionPlan } from "../table/transaction.ts";
import { coverForParts } from "./hierarchy.ts";
import {
  type CommitmentItem,
  type LedgerEffect,
  listEntries,
  snapshotOf,
  toCommitmentItem,
  toRevisionItem,
} from "./items.ts";
import type { Commitment, Revision } from "./schema.ts";

/**
 * What each operation of a commitment's transaction is for. The code that explains a cancellation
 * (`conflicts.ts`) switches over the same union, so a role cannot be misspelt on either side.
 */
export type Role =
  | "idempotency"
  | "record"
  | "revision"
  | "entry"
  | "fingerprint"
  | "fingerprint-release"
  | "parent"
  | "old-parent"
  | "ancestor"
  | "party"
  | "flip"
  | "aggregate"
  | "ledger"
  /** The currency's rate epoch, as read before the rate the record was converted with. */
  | "rate";

/** A transaction of commitment changes; the owner is the change's position (a batch item's index, or 0). */
export type CommitmentPlan = TransactionPlan<number, Role>;

export function newPlan(): CommitmentPlan {
  return new TransactionPlan<number, Role>();
}

export interface Change {
  before: CommitmentItem | undefined;
  after: Commitment | undefined;
  revision: Revision;
  /** The fingerprint the record should own after the change; undefined to own none. */
  fingerprint: string | undefined;
  /** Whether an ancestor with an amount covers the record after the change (it then adds nothing to totals). */
  coveredAfter: boolean;
  /** The new parent as read (its version and cover), when the parent link is new. */
  parent?: { version: number; covered: boolean } | undefined;
  /** Ancestors above the new parent, with the versions seen, when a parent link changes (cycle safety). */
  ancestors?: { id: string; version: number }[] | undefined;
  /** Descendants whose cover flips with this change: their money moves into or out of the totals. */
  flips?: { item: CommitmentItem; covered: boolean }[] | undefined;
}

const IS_COMMITMENT = "attribute_exists(pk) AND #type = :commitment";

function recordCondition(before: CommitmentItem, change: Change) {
  const guardsParts =
    (change.flips?.length ?? 0) > 0 ||
    coverForParts(before.record, before.covered) !== coverForParts(change.after, change.coveredAfter);
  return {
    // The cover is part of what was read: a concurrent flip by an ancestor changes it without a version.
    expression: `#version = :seen AND #covered = :covered${guardsParts ? " AND #children = :children" : ""}`,
    names: {
      "#version": "version",
      "#covered": "covered",
      ...(guardsParts ? { "#children": "childCount" } : {}),
    },
    values: {
      ":seen": before.version,
      ":covered": before.covered,
      ...(guardsParts ? { ":children": before.childCount } : {}),
    },
  };
}

export function planChange<Owner>(plan: TransactionPlan<Owner, Role>, owner: Owner, change: Change): void {
  const { before, after, revision } = change;
  const id = (after ?? before?.record)?.id as string;

  if (!before && after) {
    plan.put(
      owner,
      "record",
      toCommitmentItem(after, {
        childCount: 0,
        fingerprint: change.fingerprint,
        covered: change.coveredAfter,
      }),
      { expression: "attribute_not_exists(pk)" },
    );
  } else if (before && after) {
    const names = {
      "#record": "record",
      "#version": "version",
      "#fingerprint": "fingerprint",
      "#covered": "covered",
    };
    const values = { ":record": after, ":next": after.version, ":coveredAfter": change.coveredAfter };
    plan.update(
      owner,
      "record",
      keys.commitment(id),
      change.fingerprint
        ? {
            expression:
              "SET #record = :record, #version = :next, #covered = :coveredAfter, #fingerprint = :fingerprint",
            names,
            values: { ...values, ":fingerprint": change.fingerprint },
          }
        : {
            expression:
              "SET #record = :record, #version = :next, #covered = :coveredAfter REMOVE #fingerprint",
            names,
            values,
          },
      recordCondition(before, change),
    );
  } else if (before) {
    plan.delete(owner, "record", keys.commitment(id), {
      expression:
        "#version = :seen AND #covered = :covered AND (attribute_not_exists(#children) OR #children = :none)",
      names: { "#version": "version", "#children": "childCount", "#covered": "covered" },
      values: { ":seen": before.version, ":none": 0, ":covered": before.covered },
    });
  }

  const snapshot = after
    ? snapshotOf(after, !change.coveredAfter)
    : snapshotOf((before as CommitmentItem).record, !before?.covered);
  const deltas = totalsDeltas(id, change);
  plan.put(owner, "revision", toRevisionItem(id, revision, snapshot, ledgerEffects(deltas)), {
    expression: "attribute_not_exists(pk)",
  });

  planEntries(plan, owner, before?.record, after);
  planFingerprint(plan, owner, id, before?.fingerprint, change.fingerprint);
  planParent(plan, owner, before?.record.parentId, after?.parentId, change);
  planParties(plan, owner, before?.record, after);
  planFlips(plan, owner, change);
  planAggregates(plan, owner, deltas, revision.at);
}

function planEntries<Owner>(
  plan: TransactionPlan<Owner, Role>,
  owner: Owner,
  before: Commitment | undefined,
  after: Commitment | undefined,
) {
  const keyed = (record: Commitment | undefined) =>
    new Map(
      (record ? listEntries(record) : []).map((entry) => [
        `${entry.pk}|${entry.sk}`,
        entry as Record<string, unknown> & Key,
      ]),
    );
  const oldEntries = keyed(before);
  const newEntries = keyed(after);
  for (const [key, entry] of newEntries) {
    const old = oldEntries.get(key);
    if (!old || canonicalJson(old) !== canonicalJson(entry)) plan.put(owner, "entry", entry);
  }
  for (const [key, entry] of oldEntries)
    if (!newEntries.has(key)) plan.delete(owner, "entry", { pk: entry.pk, sk: entry.sk });
}

function planFingerprint<Owner>(
  plan: TransactionPlan<Owner, Role>,
  owner: Owner,
  id: string,
  owned: string | undefined,
  wanted: string | undefined,
) {
  if (owned && owned !== wanted) plan.delete(owner, "fingerprint-release", keys.fingerprint(owned));
  if (wanted && wanted !== owned)
    plan.put(
      owner,
      "fingerprint",
      { ...keys.fingerprint(wanted), type: "fingerprint", id },
      { expression: "attribute_not_exists(pk)" },
    );
}

function planParent<Owner>(
  plan: TransactionPlan<Owner, Role>,
  owner: Owner,
  oldParent: string | undefined,
  newParent: string | undefined,
  change: Change,
) {
  if (oldParent === newParent) return;
  if (oldParent) plan.count(owner, "old-parent", keys.commitment(oldParent), { childCount: -1 });
  if (newParent) {
    const seen = change.parent;
    plan.count(
      owner,
      "parent",
      keys.commitment(newParent),
      { childCount: 1 },
      {},
      {
        // The child's cover was computed from what was read of the parent: it must still be so.
        expression: seen
          ? `${IS_COMMITMENT} AND #version = :parentVersion AND #covered = :parentCovered`
          : IS_COMMITMENT,
        names: { "#type": "type", ...(seen ? { "#version": "version", "#covered": "covered" } : {}) },
        values: {
          ":commitment": "commitment",
          ...(seen ? { ":parentVersion": seen.version, ":parentCovered": seen.covered } : {}),
        },
      },
    );
  }
  for (const ancestor of change.ancestors ?? [])
    if (!plan.touches(keys.commitment(ancestor.id)))
      plan.check(owner, "ancestor", keys.commitment(ancestor.id), {
        expression: "#version = :seen",
        names: { "#version": "version" },
        values: { ":seen": ancestor.version },
      });
}

function planParties<Owner>(
  plan: TransactionPlan<Owner, Role>,
  owner: Owner,
  before: Commitment | undefined,
  after: Commitment | undefined,
) {
  const partiesBefore = partyRoles(before);
  const partiesAfter = partyRoles(after);
  // A party's commitments, and of those the ones it funds: the rest it is only involved in (SPEC 2.1).
  for (const [slug, { name, funds }] of partiesAfter) {
    const was = partiesBefore.get(slug);
    const deltas = {
      commitments: was ? 0 : 1,
      fundingCommitments: Number(funds) - Number(was?.funds ?? false),
    };
    if (deltas.commitments !== 0 || deltas.fundingCommitments !== 0)
      plan.count(owner, "party", keys.party(slug), deltas, { type: "party", slug, name });
  }
  for (const [slug, { funds }] of partiesBefore)
    if (!partiesAfter.has(slug))
      plan.count(owner, "party", keys.party(slug), { commitments: -1, fundingCommitments: -Number(funds) });
}

/** Each party of a record once, by slug, with whether it funds, leads, lends or governs in any of its roles. */
function partyRoles(record: Commitment | undefined): Map<string, { name: string; funds: boolean }> {
  const roles = new Map<string, { name: string; funds: boolean }>();
  for (const party of record?.parties ?? [])
    roles.set(party.slug, {
      name: roles.get(party.slug)?.name ?? party.name,
      funds: (roles.get(party.slug)?.funds ?? false) || FUNDING_ROLES.has(party.role),
    });
  return roles;
}

/** What a change moves in the totals, commitment by commitment: the record's own delta, then each flipped part's. */
interface TotalsDelta {
  commitmentId: string;
  delta: Contribution;
  /** For a flipped part: the part as it now counts (or not). */
  flipped?: { record: Commitment; counted: boolean };
}

function totalsDeltas(id: string, change: Change): TotalsDelta[] {
  const { before, after } = change;
  const counted = (record: Commitment | undefined, covered: boolean | undefined): Contribution | undefined =>
    record && !covered ? contribution(record) : undefined;
  const deltas: TotalsDelta[] = [
    {
      commitmentId: id,
      delta: contributionDelta(counted(before?.record, before?.covered), counted(after, change.coveredAfter)),
    },
  ];
  for (const flip of change.flips ?? []) {
    const own = contribution(flip.item.record);
    deltas.push({
      commitmentId: flip.item.record.id,
      delta: flip.covered ? contributionDelta(own, undefined) : contributionDelta(undefined, own),
      flipped: { record: flip.item.record, counted: !flip.covered },
    });
  }
  return deltas;
}

/**
 * The ledger-wide part of each delta, kept on the revision: a summary attributes every change of the ledger's
 * totals to the commitment it belongs to, so its new, revised and deleted money add up to the ledger's change.
 */
function ledgerEffects(deltas: TotalsDelta[]): LedgerEffect[] {
  return deltas.flatMap(({ commitmentId, delta, flipped }) => {
    const columns = ledgerDelta(delta);
    if (Object.keys(columns).length === 0) return [];
    return [
      {
        commitmentId,
        columns,
        ...(flipped ? { snapshot: snapshotOf(flipped.record, flipped.counted) } : {}),
      },
    ];
  });
}

/** Parts whose cover flips with the change: their `covered` flag, on the condition that they are as read. */
function planFlips<Owner>(plan: TransactionPlan<Owner, Role>, owner: Owner, change: Change) {
  for (const flip of change.flips ?? []) {
    plan.update(
      owner,
      "flip",
      keys.commitment(flip.item.record.id),
      {
        expression: "SET #covered = :covered",
        names: { "#covered": "covered" },
        values: { ":covered": flip.covered },
      },
      {
        expression: "#version = :seen AND #covered = :was AND #children = :children",
        names: { "#version": "version", "#children": "childCount" },
        values: { ":seen": flip.item.version, ":was": flip.item.covered, ":children": flip.item.childCount },
      },
    );
  }
}

/** The totals' side of a change: every delta to its aggregates, and to the ledger by recording time. */
function planAggregates<Owner>(
  plan: TransactionPlan<Owner, Role>,
  owner: Owner,
  deltas: TotalsDelta[],
  at: string,
) {
  for (const { delta } of deltas) {
    for (const { target, columns } of delta.values()) {
      const { key, initial } = keys.aggregateItem(target);
      plan.count(owner, "aggregate", key, columns, initial);
    }
    const ledger = ledgerDelta(delta);
    if (Object.keys(ledger).length > 0) {
      plan.count(owner, "ledger", keys.ledgerByDay(at.slice(0, 10)), ledger, {
        type: "ledger",
        day: at.slice(0, 10),
      });
      plan.count(owner, "ledger", keys.ledgerByMonth(at.slice(0, 7)), ledger, {
        type: "ledger",
        month: at.slice(0, 7),
      });
    }
  }
}
