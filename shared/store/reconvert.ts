/** A new rate version re-converts exactly the commitments it now applies to (SPEC 4.3). */
import { reconvertCommitment } from "../commitments/writes.ts";
import type { Deps } from "../deps.ts";
import type { FxRate, FxRateInput } from "../domain/fx.ts";
import { TrackerError } from "../errors.ts";
import { keys } from "../table/keys.ts";
import { queryAll } from "../table/query.ts";
import { nextRateDate, recordRate } from "./fx-rates.ts";

/** A commitment the rate applies to that could not be re-converted, and why (the same PUT again retries it). */
export interface NotReconverted {
  id: string;
  detail: string;
}

export type FxRatePut = FxRate & { changed: boolean; reconverted: number; notReconverted: NotReconverted[] };

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
  return { ...rate, changed, ...(await reconvertWith(deps, rate)) };
}

/**
 * Lists the commitments a rate applies to after the rate is stored: from the table, read consistently (an index
 * lags its table, and a record written just before the rate must not be missed); every write that converts into
 * the currency checks the rate's epoch, so a record is either listed here or converted with this rate.
 */
async function reconvertWith(
  deps: Deps,
  rate: FxRate,
): Promise<{ reconverted: number; notReconverted: NotReconverted[] }> {
  const until = await nextRateDate(deps, rate.currency, rate.date);
  // Those with an amount in the currency, and those a source states a figure in it for (their agreement is judged
  // at its rate).
  const listed = await Promise.all(
    (["currency", "sourceCurrency"] as const).map((dimension) =>
      queryAll(deps, {
        pk: keys.listPartition(dimension, rate.currency),
        consistent: true,
        projection: ["id"],
        filter: {
          expression: until ? "#on >= :from AND #on < :until" : "#on >= :from",
          names: { "#on": "announcedOn" },
          values: { ":from": rate.date, ...(until ? { ":until": until } : {}) },
        },
      }),
    ),
  );
  let reconverted = 0;
  const notReconverted: NotReconverted[] = [];
  // The rate is stored: one commitment refused (or racing past its retries) must not keep the others from it.
  for (const id of new Set(listed.flat().map((entry) => entry.id as string))) {
    try {
      if (await reconvertCommitment(deps, id, rate)) reconverted++;
    } catch (error) {
      if (!(error instanceof TrackerError)) throw error;
      notReconverted.push({ id, detail: error.message });
    }
  }
  return { reconverted, notReconverted };
}
