/** A new exchange rate re-converts exactly the commitments it now applies to (SPEC 4.3). */
import { reconvertCommitment } from "../commitments/writes.ts";
import type { Deps } from "../deps.ts";
import type { FxRate, FxRateInput } from "../domain/fx.ts";
import { index, keys } from "../table/keys.ts";
import { queryAll } from "../table/query.ts";
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
  const entries = await queryAll(deps, {
    index: index.listByDate,
    pk: keys.listPartition("currency", currency),
    sk: { from: `${date}#`, to: until && `${until}#` },
    projection: ["id"],
  });
  let reconverted = 0;
  for (const entry of entries) if (await reconvertCommitment(deps, entry.id as string, note)) reconverted++;
  return { ...rate, reconverted };
}
