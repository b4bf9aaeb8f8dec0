/**
 * The aggregates kept on write equal the ones recomputed from the records, whatever happened: random sequences of
 * creates, updates, deletes, FX rates and parent links, some run by concurrent writers.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import type { Deps } from "../../shared/deps.ts";
import { totalsQuery } from "../../shared/domain/totals.ts";
import { readTotals } from "../../shared/store/totals.ts";
import { aggregatesCheck } from "../support/aggregates.ts";
import { testDeps } from "../support/dynamo.ts";
import { apply, operation } from "../support/ledger-operations.ts";

test("aggregates equal totals recomputed from the records, with sequential and concurrent writers", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(operation, { minLength: 1, maxLength: 3 }), { minLength: 3, maxLength: 10 }),
      async (rounds) => {
        const deps = await testDeps();
        const ids: string[] = [];
        // Each round's operations run at once: concurrent writers on the same records, parents and aggregates.
        for (const round of rounds) await Promise.all(round.map((op) => apply(deps, ids, op)));
        const { stored, expected } = await aggregatesCheck(deps);
        const totals = await ledgerTotals(deps);
        deps.db.destroy();
        expect(stored).toEqual(expected);
        // The groups of country and of status split the ledger, so GET /totals sums them for its total.
        expect(totals.byCountry).toEqual(totals.ledgerWide);
        expect(totals.byStatus).toEqual(totals.ledgerWide);
        // Without dates, category and party groups are read from all-time items; over every month, from the months.
        expect(totals.allTime).toEqual(totals.everyMonth);
      },
    ),
    { numRuns: 12, endOnFailure: true },
  );
}, 180_000);

/** The total of GET /totals grouped three ways (by year it is the ledger-wide aggregate's own), and the groups
 * that overlap, read all-time and over every month. */
async function ledgerTotals(deps: Deps) {
  const totals = async (query: Record<string, string>) => readTotals(deps, totalsQuery.parse(query));
  const total = async (groupBy: string) => (await totals({ groupBy })).total;
  const overlapping = async (dates: Record<string, string>) =>
    Promise.all(["category", "party"].map(async (groupBy) => (await totals({ groupBy, ...dates })).groups));
  return {
    ledgerWide: await total("year"),
    byCountry: await total("country"),
    byStatus: await total("status"),
    allTime: await overlapping({}),
    everyMonth: await overlapping({ from: "1900-01", to: "2999-12" }),
  };
}
