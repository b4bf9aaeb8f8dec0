/** A new rate version re-converts exactly the commitments it now applies to (SPEC 4.3). */
import { reconvertCommitment } from "../commitments/writes.ts";
import type { Deps } from "../deps.ts";
import type { FxRate, FxRateInput } from "../domain/fx.ts";
import { keys } from "../table/keys.ts";
import { queryAll } from "../table/query.ts";
import { nextRateDate, recordRate } from "./fx-rates.ts";

export type FxRatePut = FxRate & { changed: boolean; reconverted: number };

/**
 * Records the rate, then re-converts the commitments in that currency announced from its date to the next rate's,
 * each with a revision that names the version it now uses. The same rate again writes no version; its pass re-converts only
 * what is not at the rate in force (nothing, unless an earlier pass was cut off).
 */
export async function putFxRate(
  deps: Deps,
  currency: string,
  date: string,
  input: FxRateInput,
  recordedBy: string,
): Promise<FxRatePut> {
  const { rate, changed } = await recordRate(deps, currency, date, input, recordedBy);
  return { ...rate, changed, reconverted: await reconvertWith(deps, rate) };
}

/**
 * Lists the commitments a rate applies to after the rate is stored: from the table, read consistently (an index
 * lags its table, and a record written just before the rate must not be missed); every write that converts into
 * the currency checks the rate's epoch, so a record is either listed here or converted with this rate.
 */
async function reconvertWith(deps: Deps, rate: FxRate): Promise<number> {
  const until = await nextRateDate(deps, rate.currency, rate.date);
  const entries = await queryAll(deps, {
    pk: keys.listPartition("currency", rate.currency),
    consistent: true,
    projection: ["id"],
    filter: {
      expression: until ? "#on >= :from AND #on < :until" : "#on >= :from",
      names: { "#on": "announcedOn" },
      values: { ":from": rate.date, ...(until ? { ":until": until } : {}) },
    },
  });
  let reconverted = 0;
  for (const entry of entries) if (await reconvertCommitment(deps, entry.id as string)) reconverted++;
  return reconverted;
}
