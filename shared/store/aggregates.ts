/**
 * Reading aggregates: items of the table read with exact numbers (decimal strings from DynamoDB to the response,
 * never a JS number), and their measure columns.
 */
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Deps } from "../deps.ts";
import { type Columns, isColumn } from "../domain/aggregates.ts";
import type { Key } from "../table/keys.ts";
import { fromAttributes, type PartitionQuery, queryAll } from "../table/query.ts";

/** Every item of a key range, numbers as decimal strings. */
export function queryColumns(deps: Deps, query: Omit<PartitionQuery, "exactNumbers">) {
  return queryAll(deps, { ...query, exactNumbers: true });
}

/** The measure attributes of an aggregate item, as Columns. */
export function columnsOf(item: Record<string, unknown>): Columns {
  const columns: Columns = {};
  for (const [name, value] of Object.entries(item))
    if (typeof value === "string" && isColumn(name)) columns[name] = value;
  return columns;
}

/** One item by key, numbers as decimal strings. */
export async function getColumns(
  deps: Deps,
  key: Key,
  consistent = false,
): Promise<Record<string, unknown> | undefined> {
  const { Item } = await deps.db.send(
    new GetItemCommand({ TableName: deps.tableName, Key: marshall(key), ConsistentRead: consistent }),
  );
  return Item ? fromAttributes(Item, true) : undefined;
}
