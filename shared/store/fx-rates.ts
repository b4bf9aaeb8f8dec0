/** Exchange rates in the table: one item per currency and date, the rate in force found with one Query. */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.ts";
import type { FxRate, FxRateInput } from "../domain/fx.ts";
import type { Page } from "../table/cursor.ts";
import { index, keys } from "../table/keys.ts";
import { queryFirst, queryPage } from "../table/query.ts";

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
  const item = await queryFirst(deps, { pk: keys.fxPartition(currency), sk: { to: date }, descending: true });
  return item ? toRate(item) : undefined;
}

/** The first rate after `date`: where the span of a rate ends. */
export async function nextRateDate(deps: Deps, currency: string, date: string): Promise<string | undefined> {
  const item = await queryFirst(deps, { pk: keys.fxPartition(currency), sk: { after: date } });
  return item?.sk as string | undefined;
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
  const page = await queryPage(
    deps,
    query.currency !== undefined
      ? { pk: keys.fxPartition(query.currency), descending: true }
      : { index: index.fxRates, pk: keys.fxAllPartition, descending: true },
    { limit: query.limit, cursor: query.cursor, context: `fx:${query.currency ?? "*"}` },
  );
  return { items: page.items.map(toRate), nextCursor: page.nextCursor };
}
