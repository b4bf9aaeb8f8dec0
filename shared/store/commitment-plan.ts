/**
 * What one change to a commitment writes, as operations of a transaction: the record, its revision, its list
 * entries, its fingerprint, its parent's part count and its parties' counts. Creates, updates, deletes,
 * source attachments, re-conversions and batches all go through `planChange`, so they stay alike.
 */
import type { Commitment, Revision } from "../domain/commitment.ts";
import { canonicalJson } from "../domain/revisions.ts";
import { type CommitmentItem, listEntries, toCommitmentItem, toRevisionItem } from "../table/items.ts";
import { keys } from "../table/keys.ts";
import type { TransactionPlan } from "./transaction.ts";

export interface Change {
  before: CommitmentItem | undefined;
  after: Commitment | undefined;
  revision: Revision;
  /** The fingerprint the record should own after the change; undefined to own none. */
  fingerprint: string | undefined;
  /** Ancestors above the new parent, with the versions seen, when a parent link changes (cycle safety). */
  ancestors?: { id: string; version: number }[];
  /** The parent's version seen while checking for cycles. */
  parentVersion?: number;
}

const IS_COMMITMENT = {
  expression: "attribute_exists(pk) AND #type = :commitment",
  names: { "#type": "type" },
  values: { ":commitment": "commitment" },
};

export function planChange<Owner>(plan: TransactionPlan<Owner>, owner: Owner, change: Change): void {
  const { before, after, revision } = change;
  const id = (after ?? before?.record)?.id as string;

  if (!before && after) {
    plan.put(owner, "record", toCommitmentItem(after, { childCount: 0, fingerprint: change.fingerprint }), {
      expression: "attribute_not_exists(pk)",
    });
  } else if (before && after) {
    plan.update(
      owner,
      "record",
      keys.commitment(id),
      change.fingerprint
        ? {
            expression: "SET #record = :record, #version = :next, #fingerprint = :fingerprint",
            names: { "#record": "record", "#version": "version", "#fingerprint": "fingerprint" },
            values: { ":record": after, ":next": after.version, ":fingerprint": change.fingerprint },
          }
        : {
            expression: "SET #record = :record, #version = :next REMOVE #fingerprint",
            names: { "#record": "record", "#version": "version", "#fingerprint": "fingerprint" },
            values: { ":record": after, ":next": after.version },
          },
      {
        expression: "#version = :seen",
        names: { "#version": "version" },
        values: { ":seen": before.version },
      },
    );
  } else if (before) {
    plan.delete(owner, "record", keys.commitment(id), {
      expression: "#version = :seen AND (attribute_not_exists(#children) OR #children = :none)",
      names: { "#version": "version", "#children": "childCount" },
      values: { ":seen": before.version, ":none": 0 },
    });
  }

  plan.put(owner, "revision", toRevisionItem(id, revision), { expression: "attribute_not_exists(pk)" });

  const oldEntries = new Map(
    (before ? listEntries(before.record) : []).map((entry) => [`${entry.pk}|${entry.sk}`, entry]),
  );
  const newEntries = new Map(
    (after ? listEntries(after) : []).map((entry) => [`${entry.pk}|${entry.sk}`, entry]),
  );
  for (const [key, entry] of newEntries) {
    const old = oldEntries.get(key);
    if (!old || canonicalJson(old) !== canonicalJson(entry))
      plan.put(owner, "entry", entry as Record<string, unknown> & { pk: string; sk: string });
  }
  for (const [key, entry] of oldEntries)
    if (!newEntries.has(key)) plan.delete(owner, "entry", { pk: entry.pk as string, sk: entry.sk as string });

  const ownedBefore = before?.fingerprint;
  if (ownedBefore && ownedBefore !== change.fingerprint)
    plan.delete(owner, "fingerprint-release", keys.fingerprint(ownedBefore));
  if (change.fingerprint && change.fingerprint !== ownedBefore)
    plan.put(
      owner,
      "fingerprint",
      { ...keys.fingerprint(change.fingerprint), type: "fingerprint", id },
      {
        expression: "attribute_not_exists(pk)",
      },
    );

  const oldParent = before?.record.parentId;
  const newParent = after?.parentId;
  if (oldParent !== newParent) {
    if (oldParent) plan.count(owner, "old-parent", keys.commitment(oldParent), { childCount: -1 });
    if (newParent) {
      const condition =
        change.parentVersion === undefined
          ? IS_COMMITMENT
          : {
              ...IS_COMMITMENT,
              expression: `${IS_COMMITMENT.expression} AND #version = :parentVersion`,
              names: { ...IS_COMMITMENT.names, "#version": "version" },
              values: { ...IS_COMMITMENT.values, ":parentVersion": change.parentVersion },
            };
      plan.count(owner, "parent", keys.commitment(newParent), { childCount: 1 }, {}, condition);
    }
    for (const ancestor of change.ancestors ?? [])
      if (!plan.touches(keys.commitment(ancestor.id)))
        plan.check(owner, "ancestor", keys.commitment(ancestor.id), {
          expression: "#version = :seen",
          names: { "#version": "version" },
          values: { ":seen": ancestor.version },
        });
  }

  const partiesBefore = new Map((before?.record.parties ?? []).map((party) => [party.slug, party.name]));
  const partiesAfter = new Map((after?.parties ?? []).map((party) => [party.slug, party.name]));
  for (const [slug, name] of partiesAfter)
    if (!partiesBefore.has(slug))
      plan.count(owner, "party", keys.party(slug), { commitments: 1 }, { type: "party", slug, name });
  for (const slug of partiesBefore.keys())
    if (!partiesAfter.has(slug)) plan.count(owner, "party", keys.party(slug), { commitments: -1 });
}
