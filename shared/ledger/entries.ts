/**
 * Reconciliation of list entries: every entry a live record is listed under, read by key and compared with what
 * the record calls for today (`listEntries`), and (on request) rewritten from the record. It is how a ledger
 * written before listing entries carried their record gets them: such an entry is missing from every filtered
 * listing (the filters read the carried record) until its record changes. Each rewrite is conditioned on the
 * record's version as read, so a writer meanwhile (which writes the entries itself) wins, and a rerun finds nothing.
 */
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { listEntries, recordOfEntry } from "../commitments/items.ts";
import { fetchRecords } from "../commitments/reads.ts";
import type { Commitment } from "../commitments/schema.ts";
import type { Deps } from "../deps.ts";
import { canonicalJson } from "../domain/revisions.ts";
import { batchGet } from "../table/batch-get.ts";
import { type Key, keys } from "../table/keys.ts";
import { queryAll } from "../table/query.ts";
import {
  cancellationReasons,
  MAX_TRANSACTION_ITEMS,
  runTransaction,
  TransactionPlan,
} from "../table/transaction.ts";
import { liveRecords } from "./reconcile.ts";

/** A list entry of a record that is missing or differs from what the record calls for. */
export interface EntryDifference {
  key: Key;
  recordId: string;
  /** The record's version the expected entry was built from; the repair holds only while it is unchanged. */
  version: number;
  reason: "missing" | "differs";
  expected: Record<string, unknown> & Key;
}

const id = (key: Key) => `${key.pk}\u0000${key.sk}`;

/**
 * An entry as the listing reads it: stored attributes, with the carried record read through the record schema. A
 * carried record the schema refuses compares unequal to anything expected, so it is reported and rewritten.
 */
function comparable(entry: Record<string, unknown>): string {
  const stored = unmarshall(marshall(entry, { removeUndefinedValues: true }));
  if (stored.record === undefined) return canonicalJson(stored);
  try {
    return canonicalJson({ ...stored, record: recordOfEntry(stored) });
  } catch {
    return `unreadable ${canonicalJson(stored)}`;
  }
}

/** The entries of these records that are missing or differ from what each record calls for. */
export async function entryDifferencesOf(deps: Deps, records: Commitment[]): Promise<EntryDifference[]> {
  const expected = records.flatMap((record) =>
    listEntries(record).map((entry) => ({ record, entry: entry as Record<string, unknown> & Key })),
  );
  const stored = new Map(
    (
      await batchGet(
        deps,
        expected.map(({ entry }) => ({ pk: entry.pk, sk: entry.sk })),
      )
    ).map((item) => [id(item as Key), item]),
  );
  const differences: EntryDifference[] = [];
  for (const { record, entry } of expected) {
    const held = stored.get(id(entry));
    if (held && comparable(held) === comparable(entry)) continue;
    differences.push({
      key: { pk: entry.pk, sk: entry.sk },
      recordId: record.id,
      version: record.version,
      reason: held ? "differs" : "missing",
      expected: entry,
    });
  }
  return differences;
}

/** Every live record's entries that are missing or differ. Queries and BatchGets only, never a Scan. */
export async function findEntryDifferences(deps: Deps): Promise<EntryDifference[]> {
  return entryDifferencesOf(deps, await liveRecords(deps));
}

function planFor(differences: EntryDifference[]): TransactionPlan<string, "record" | "entry"> {
  const plan = new TransactionPlan<string, "record" | "entry">();
  for (const difference of differences) {
    if (!plan.touches(keys.commitment(difference.recordId)))
      plan.check(difference.recordId, "record", keys.commitment(difference.recordId), {
        expression: "#version = :version",
        names: { "#version": "version" },
        values: { ":version": difference.version },
      });
    plan.put(difference.recordId, "entry", difference.expected);
  }
  return plan;
}

/**
 * Writes each differing entry from its record, several records a transaction; a transaction whose record changed
 * meanwhile is run again record by record, and a changed record is left to the writer that changed it.
 * Returns how many entries were written and how many records were skipped.
 */
export async function repairEntries(
  deps: Deps,
  differences: EntryDifference[],
): Promise<{ written: number; skipped: number }> {
  const byRecord = new Map<string, EntryDifference[]>();
  for (const difference of differences)
    byRecord.set(difference.recordId, [...(byRecord.get(difference.recordId) ?? []), difference]);
  const groups: EntryDifference[][][] = [];
  let group: EntryDifference[][] = [];
  let size = 0;
  for (const entries of byRecord.values()) {
    if (size + entries.length + 1 > MAX_TRANSACTION_ITEMS && group.length > 0) {
      groups.push(group);
      group = [];
      size = 0;
    }
    group.push(entries);
    size += entries.length + 1;
  }
  if (group.length > 0) groups.push(group);

  let written = 0;
  let skipped = 0;
  const attempt = async (records: EntryDifference[][]): Promise<boolean> => {
    try {
      await runTransaction(deps, planFor(records.flat()));
      written += records.reduce((sum, entries) => sum + entries.length, 0);
      return true;
    } catch (error) {
      if (!cancellationReasons(error)) throw error;
      return false;
    }
  };
  for (const records of groups) {
    if (await attempt(records)) continue;
    for (const entries of records) if (!(await attempt([entries]))) skipped++;
  }
  return { written, skipped };
}

/**
 * Gives the entries of records written before entries carried their record their copy; what `npm start` runs on a
 * kept `$DATA_DIR`. Every entry of a record is rewritten whenever the record is, so a record whose `all` entry
 * carries it has every entry up to date: only the others are checked. Returns how many entries were written.
 */
export async function carryRecordsInEntries(deps: Deps): Promise<number> {
  const bare = await queryAll(deps, {
    pk: keys.listPartition("all", "*"),
    filter: { expression: "attribute_not_exists(#record)", names: { "#record": "record" } },
    projection: ["sk"],
  });
  if (bare.length === 0) return 0;
  const records = await fetchRecords(
    deps,
    bare.map((entry) => entry.sk as string),
  );
  return (await repairEntries(deps, await entryDifferencesOf(deps, records))).written;
}
