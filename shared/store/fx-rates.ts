/** Exchange rates in the table: one item per currency and date, the rate in force found with one Query. */
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.ts";
import type { FxRate, FxRateInput } from "../domain/fx.ts";
import { decodeCursor, encodeCursor, type Page } from "../table/cursor.ts";
import { keys } from "../table/keys.ts";

function toRate(item: Record<string, unknown>): FxRate {
  const { currency, date, unitsPerUsd, usdPerUnit, source, recordedAt } = item as FxRate;
  return {
    currency,
    date,
    ...(unitsPerUsd !== undefined ? { unitsPerUsd } : {}),
    ...(usdPerUnit !== undefined ? { usdPerUnit } : {}),
    source,
    recordedAt,
  };
}

/** The latest rate on or before `date`, or undefined when none is known (never guessed). */
export async function findRate(deps: Deps, currency: string, date: string): Promise<FxRate | undefined> {
  const { Items } = await deps.db.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: "pk = :pk AND sk <= :date",
      ExpressionAttributeValues: { ":pk": keys.fxPartition(currency), ":date": date },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  return Items?.[0] ? toRate(Items[0]) : undefined;
}

/** The first rate after `date`: where the span of a rate ends. */
export async function nextRateDate(deps: Deps, currency: string, date: string): Promise<string | undefined> {
  const { Items } = await deps.db.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: "pk = :pk AND sk > :date",
      ExpressionAttributeValues: { ":pk": keys.fxPartition(currency), ":date": date },
      Limit: 1,
    }),
  );
  return Items?.[0]?.sk as string | undefined;
}

export async function saveRate(
  deps: Deps,
  currency: string,
  date: string,
  input: FxRateInput,
): Promise<FxRate> {
  const rate: FxRate = { currency, date, ...input, recordedAt: deps.now().toISOString() };
  await deps.db.send(
    new PutCommand({
      TableName: deps.tableName,
      Item: { ...keys.fxRate(currency, date), type: "fxRate", ...rate },
    }),
  );
  return rate;
}

export async function listRates(
  deps: Deps,
  query: { currency?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<FxRate>> {
  const context = `fx:${query.currency ?? "*"}`;
  const byCurrency = query.currency !== undefined;
  const result = await deps.db.send(
    new QueryCommand({
      TableName: deps.tableName,
      ...(byCurrency
        ? {
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": keys.fxPartition(query.currency as string) },
          }
        : {
            IndexName: "gsi3",
            KeyConditionExpression: "gsi3pk = :pk",
            ExpressionAttributeValues: { ":pk": keys.fxAllPartition },
          }),
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor, deps.adminKey, context),
    }),
  );
  return {
    items: (result.Items ?? []).map(toRate),
    nextCursor: encodeCursor(result.LastEvaluatedKey, deps.adminKey, context),
  };
}
