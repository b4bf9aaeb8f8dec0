/**
 * Aggregates recomputed from the records themselves, to check the ones kept on write. A test may Scan its own
 * table; no request path does.
 */
import { ScanCommand, type ScanCommandInput } from "@aws-sdk/client-dynamodb";
import { NumberValue } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { type CommitmentItem, fromCommitmentItem } from "../../shared/commitments/items.ts";
import type { Deps } from "../../shared/deps.ts";
import { type Columns, contribution, contributionDelta } from "../../shared/domain/aggregates.ts";
import { addSigned, fromDynamoNumber, isZero } from "../../shared/domain/decimal.ts";
import { columnsOf } from "../../shared/store/aggregates.ts";
import { keys } from "../../shared/table/keys.ts";

async function scanAll(deps: Deps): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: ScanCommandInput["ExclusiveStartKey"];
  do {
    const page = await deps.db.send(
      new ScanCommand({ TableName: deps.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    for (const raw of page.Items ?? []) {
      // Money lives only in aggregate, party and ledger items: read those exactly, the rest as plain JSON.
      const exact = ["aggregate", "party", "ledger"].includes(raw.type?.S ?? "");
      const item = exact ? unmarshall(raw, { wrapNumbers: true }) : unmarshall(raw);
      for (const [name, value] of Object.entries(item))
        if (value instanceof NumberValue) item[name] = fromDynamoNumber(value.toString());
      items.push(item);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const keyOf = (key: { pk: string; sk: string }) => `${key.pk}|${key.sk}`;

function nonZero(columns: Columns): Columns {
  return Object.fromEntries(
    Object.entries(columns)
      .filter(([, value]) => !isZero(value))
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/** Aggregates as stored, and as recomputed from the live records (counted = no ancestor with an amount). */
export async function aggregatesCheck(
  deps: Deps,
): Promise<{ stored: Record<string, Columns>; expected: Record<string, Columns> }> {
  const items = await scanAll(deps);
  const records = new Map<string, CommitmentItem>();
  for (const item of items) {
    const record = fromCommitmentItem(item);
    if (record) records.set(record.record.id, record);
  }
  const covered = (item: CommitmentItem): boolean => {
    let parentId = item.record.parentId;
    for (let depth = 0; parentId && depth < 64; depth++) {
      const parent = records.get(parentId);
      if (!parent) return false;
      if (parent.record.amount) return true;
      parentId = parent.record.parentId;
    }
    return false;
  };
  const expected = new Map<string, Columns>();
  for (const item of records.values()) {
    if (covered(item) !== item.covered)
      throw new Error(`${item.record.id}: stored cover ${item.covered} is wrong`);
    if (item.covered) continue;
    for (const { target, columns } of contributionDelta(undefined, contribution(item.record)).values()) {
      const key = keyOf(keys.aggregateItem(target).key);
      const sum = expected.get(key) ?? {};
      for (const [name, value] of Object.entries(columns)) sum[name] = addSigned(sum[name] ?? "0", value);
      expected.set(key, sum);
    }
  }
  const stored: Record<string, Columns> = {};
  for (const item of items)
    if (item.type === "aggregate" || item.type === "party") {
      const columns = nonZero(columnsOf(item));
      if (Object.keys(columns).length > 0) stored[keyOf(item as { pk: string; sk: string })] = columns;
    }
  const expectedPlain: Record<string, Columns> = {};
  for (const [key, columns] of expected) {
    const plain = nonZero(columns);
    if (Object.keys(plain).length > 0) expectedPlain[key] = plain;
  }
  return { stored: sortKeys(stored), expected: sortKeys(expectedPlain) };
}

function sortKeys<T>(value: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
}
