/**
 * What must hold of a ledger after any fault: every record has all its revisions, every list entry points at a
 * live record and carries it as stored, and the aggregates equal the ones recomputed from the records. A fault run
 * may Scan its own table.
 */

import { ScanCommand, type ScanCommandInput } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../../shared/deps.ts";
import { canonicalJson } from "../../shared/domain/revisions.ts";
import { findEntryDifferences } from "../../shared/ledger/entries.ts";
import { findDifferences } from "../../shared/ledger/reconcile.ts";
import { aggregatesCheck } from "../support/aggregates.ts";

export interface LedgerCheck {
  commitments: number;
  /** Records missing one of the revisions 1..version. */
  withoutRevision: string[];
  /** List entries whose record is gone. */
  orphanEntries: string[];
  /** List entries whose copy of the record is not the record as stored. */
  staleEntries: string[];
  /** Aggregate items whose stored sums differ from the records' (missing or extra included). */
  aggregatesDiffer: string[];
  /** Titles that appear on more than one record. */
  duplicateTitles: string[];
  /** What `npm run reconcile` reports: aggregates, party counts, ledger items and list entries that differ from the records. */
  reconcileDiffers: string[];
  ok: boolean;
}

const PROJECTED = ["pk", "sk", "type", "version", "record.title"];

async function scan(deps: Deps): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: ScanCommandInput["ExclusiveStartKey"];
  do {
    const page = await deps.db.send(
      new ScanCommand({
        TableName: deps.tableName,
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
        // "record.title" is the nested path record → title.
        ProjectionExpression: PROJECTED.map((path) =>
          path
            .split(".")
            .map((name) => `#${name}`)
            .join("."),
        ).join(", "),
        ExpressionAttributeNames: Object.fromEntries(
          PROJECTED.flatMap((path) => path.split(".")).map((name) => [`#${name}`, name]),
        ),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Every item's key, for "nothing was stored" comparisons. */
export async function itemKeys(deps: Deps): Promise<Set<string>> {
  return new Set((await scan(deps)).map((item) => `${item.pk}|${item.sk}`));
}

export async function checkLedger(deps: Deps): Promise<LedgerCheck> {
  const items = await scan(deps);
  const records = new Map<string, { version: number; title: string; record: string }>();
  const revisions = new Map<string, Set<number>>();
  const entries: { pk: string; id: string; record: unknown }[] = [];
  for (const item of items) {
    const pk = String(item.pk);
    const sk = String(item.sk);
    if (pk.startsWith("CMT#") && sk === "RECORD")
      records.set(pk.slice(4), {
        version: Number(item.version),
        title: String((item.record as { title?: string } | undefined)?.title),
        record: canonicalJson(item.record),
      });
    else if (pk.startsWith("CMT#") && sk.startsWith("REV#")) {
      const set = revisions.get(pk.slice(4)) ?? new Set<number>();
      set.add(Number(sk.slice(4)));
      revisions.set(pk.slice(4), set);
    } else if (pk.startsWith("LIST#")) entries.push({ pk, id: sk, record: item.record });
  }
  const withoutRevision: string[] = [];
  for (const [id, { version }] of records) {
    const kept = revisions.get(id) ?? new Set<number>();
    for (let v = 1; v <= version; v++)
      if (!kept.has(v)) {
        withoutRevision.push(`${id} v${v}`);
        break;
      }
  }
  const orphanEntries = entries
    .filter((entry) => !records.has(entry.id))
    .map((entry) => `${entry.pk} ${entry.id}`);
  const staleEntries = entries
    .filter(
      (entry) =>
        entry.record !== undefined &&
        records.has(entry.id) &&
        canonicalJson(entry.record) !== records.get(entry.id)?.record,
    )
    .map((entry) => `${entry.pk} ${entry.id}`);
  let aggregatesDiffer: string[];
  try {
    const { stored, expected } = await aggregatesCheck(deps);
    aggregatesDiffer = [...new Set([...Object.keys(stored), ...Object.keys(expected)])].filter(
      (key) => JSON.stringify(stored[key]) !== JSON.stringify(expected[key]),
    );
  } catch (error) {
    // A record whose stored cover (counted through its parent or not) is wrong.
    aggregatesDiffer = [(error as Error).message];
  }
  const reconcileDiffers = [
    ...(await findDifferences(deps, deps.now())),
    ...(await findEntryDifferences(deps)),
  ].map((difference) => `${difference.key.pk} ${difference.key.sk}`);
  const titles = new Map<string, number>();
  for (const { title } of records.values()) titles.set(title, (titles.get(title) ?? 0) + 1);
  const duplicateTitles = [...titles].filter(([, count]) => count > 1).map(([title]) => title);
  return {
    commitments: records.size,
    withoutRevision,
    orphanEntries,
    staleEntries,
    aggregatesDiffer,
    duplicateTitles,
    reconcileDiffers,
    ok:
      withoutRevision.length === 0 &&
      orphanEntries.length === 0 &&
      staleEntries.length === 0 &&
      aggregatesDiffer.length === 0 &&
      duplicateTitles.length === 0 &&
      reconcileDiffers.length === 0,
  };
}

/** A short human summary of a check, naming the first few problems. */
export function describeCheck(check: LedgerCheck): string {
  const few = (list: string[]) =>
    list.length ? ` (${list.slice(0, 3).join(", ")}${list.length > 3 ? ", …" : ""})` : "";
  return [
    `${check.commitments} commitments`,
    `${check.withoutRevision.length} without their revisions${few(check.withoutRevision)}`,
    `${check.orphanEntries.length} orphan list entries${few(check.orphanEntries)}`,
    `${check.staleEntries.length} list entries with a stale record${few(check.staleEntries)}`,
    `${check.aggregatesDiffer.length} aggregates off${few(check.aggregatesDiffer)}`,
    `${check.duplicateTitles.length} duplicated${few(check.duplicateTitles)}`,
    `reconcile: ${check.reconcileDiffers.length} differences${few(check.reconcileDiffers)}`,
  ].join(", ");
}
