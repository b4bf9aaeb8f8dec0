/** A new exchange rate re-converts exactly the commitments it now applies to (SPEC 4.3). */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { reconvertCommitment } from "../commitments/writes.ts";
import type { Deps } from "../deps.ts";
import type { FxRate, FxRateInput } from "../domain/fx.ts";
import { keys } from "../table/keys.ts";
import { nextRateDate, saveRate } from "./fx-rates.ts";

/** Saves the rate, then re-converts the commitments in that currency announced from its date to the next rate's. */
export async function putFxRate(
  deps: Deps,
  currency: string,
  date: string,
  input: FxRateInput,
): Promise<FxRate & { reconverted: number }> {
  const rate = await saveRate(deps, currency, date, input);
  const until = await nextRateDate(deps, currency, date);
  const note = `re-converted with the ${currency} rate of ${date} (${input.unitsPerUsd ? `${input.unitsPerUsd} per USD` : `${input.usdPerUnit} USD each`})`;
  let reconverted = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.send(
      new QueryCommand({
        TableName: deps.tableName,
        IndexName: "gsi1",
        KeyConditionExpression: until
          ? "gsi1pk = :pk AND gsi1sk BETWEEN :from AND :before"
          : "gsi1pk = :pk AND gsi1sk >= :from",
        ExpressionAttributeValues: {
          ":pk": keys.listPartition("currency", currency),
          ":from": `${date}#`,
          ...(until ? { ":before": `${until}#` } : {}),
        },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const entry of page.Items ?? [])
      if (await reconvertCommitment(deps, entry.id as string, note)) reconverted++;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { ...rate, reconverted };
}
