/**
 * Reading aggregates. Numbers come back through the low-level client with every number wrapped, so sums stay
 * exact decimal strings from DynamoDB to the response: never a JS number.
 */
import {
  type AttributeValue,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import { NumberValue } from "@aws-sdk/lib-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { CONFIDENCES } from "../commitments/schema.ts";
import type { Deps } from "../deps.ts";
import { type Columns, MEASURES } from "../domain/aggregates.ts";
import { fromDynamoNumber } from "../domain/decimal.ts";

/** Every item of a key range, numbers as decimal strings. */
export async function queryColumns(
  deps: Deps,
  input: { pk: string; from?: string; to?: string; index?: "gsi1" },
): Promise<Record<string, unknown>[]> {
  const [pk, sk] = input.index ? [`${input.index}pk`, `${input.index}sk`] : ["pk", "sk"];
  const range =
    input.from !== undefined && input.to !== undefined
      ? ` AND ${sk} BETWEEN :from AND :to`
      : input.from !== undefined
        ? ` AND ${sk} >= :from`
        : input.to !== undefined
          ? ` AND ${sk} <= :to`
          : "";
  const values: Record<string, { S: string }> = { ":pk": { S: input.pk } };
  if (input.from !== undefined) values[":from"] = { S: input.from };
  if (input.to !== undefined) values[":to"] = { S: input.to };
  const items: Record<string, unknown>[] = [];
  let startKey: QueryCommandInput["ExclusiveStartKey"];
  do {
    const page = await deps.db.send(
      new QueryCommand({
        TableName: deps.tableName,
        ...(input.index ? { IndexName: input.index } : {}),
        KeyConditionExpression: `${pk} = :pk${range}`,
        ExpressionAttributeValues: values,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) items.push(plainNumbers(unmarshall(item, { wrapNumbers: true })));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Wrapped numbers (NumberValue) become decimal strings; everything else stays as it is. */
function plainNumbers(item: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item))
    result[name] = value instanceof NumberValue ? fromDynamoNumber(value.toString()) : value;
  return result;
}

const COLUMN = new RegExp(`^(${CONFIDENCES.join("|")})_(${MEASURES.join("|")})$`);

/** The measure attributes of an aggregate item, as Columns. */
export function columnsOf(item: Record<string, unknown>): Columns {
  const columns: Columns = {};
  for (const [name, value] of Object.entries(item))
    if (typeof value === "string" && COLUMN.test(name)) columns[name] = value;
  return columns;
}

/** One page of a Query through the low-level client, numbers as decimal strings, keys as plain JSON. */
export async function queryPage(
  deps: Deps,
  input: {
    pk: string;
    filter?: { expression: string; values: Record<string, number> };
    limit: number;
    startKey?: Record<string, unknown> | undefined;
  },
): Promise<{ items: Record<string, unknown>[]; lastKey: Record<string, unknown> | undefined }> {
  const values: Record<string, AttributeValue> = { ":pk": { S: input.pk } };
  for (const [name, value] of Object.entries(input.filter?.values ?? {})) values[name] = { N: String(value) };
  const page = await deps.db.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: "pk = :pk",
      ...(input.filter ? { FilterExpression: input.filter.expression } : {}),
      ExpressionAttributeValues: values,
      Limit: input.limit,
      ...(input.startKey ? { ExclusiveStartKey: marshall(input.startKey) } : {}),
    }),
  );
  return {
    items: (page.Items ?? []).map((item) => plainNumbers(unmarshall(item, { wrapNumbers: true }))),
    lastKey: page.LastEvaluatedKey ? unmarshall(page.LastEvaluatedKey) : undefined,
  };
}

/** One item by key through the low-level client, numbers as decimal strings. */
export async function getColumns(
  deps: Deps,
  key: { pk: string; sk: string },
): Promise<Record<string, unknown> | undefined> {
  const { Item } = await deps.db.send(new GetItemCommand({ TableName: deps.tableName, Key: marshall(key) }));
  return Item ? plainNumbers(unmarshall(Item, { wrapNumbers: true })) : undefined;
}
