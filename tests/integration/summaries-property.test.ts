/**
 * Summaries reconcile with the ledger, whatever happened: random operations spread over four weeks (creates,
 * parts, parent figures gained and lost, re-parenting, deletes, exchange rates), some by concurrent writers. For
 * every week: cumulative at the end = at the start + new + revised + deleted, and it equals GET /totals as it
 * stood when the week ended; each week starts where the previous one ended.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import type { Deps } from "../../shared/deps.ts";
import type { SummaryTotals } from "../../shared/domain/summary.ts";
import { totalsQuery } from "../../shared/domain/totals.ts";
import { generateSummary } from "../../shared/store/summaries.ts";
import { readTotals } from "../../shared/store/totals.ts";
import { testDeps } from "../support/dynamo.ts";
import { apply, operation } from "../support/ledger-operations.ts";

/** Mondays of 2025-W10 … W13, and the Monday after. */
const WEEKS = ["2025-03-03", "2025-03-10", "2025-03-17", "2025-03-24"] as const;
const AFTER = "2025-03-31";

/** The linear part of a total (the ceiling is derived from it), signed. */
const linear = (totals: SummaryTotals) => ({
  count: BigInt(totals.count),
  usdLow: BigInt(totals.usdLow),
  openEnded: BigInt(totals.openEnded),
  unconverted: BigInt(totals.unconverted),
  stale: BigInt(totals.stale),
  byQualifier: Object.fromEntries(
    Object.entries(totals.byQualifier)
      .map(
        ([qualifier, own]) =>
          [qualifier, [BigInt(own.count), BigInt(own.usdLow), BigInt(own.usdHigh)]] as const,
      )
      .filter(([, values]) => values.some((value) => value !== 0n))
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  ),
});

function plus(...parts: SummaryTotals[]) {
  const sums = parts.map(linear);
  const byQualifier: Record<string, bigint[]> = {};
  for (const part of sums)
    for (const [qualifier, values] of Object.entries(part.byQualifier))
      byQualifier[qualifier] = (byQualifier[qualifier] ?? [0n, 0n, 0n]).map(
        (value, index) => value + (values[index] ?? 0n),
      );
  const add = (key: "count" | "usdLow" | "openEnded" | "unconverted" | "stale") =>
    sums.reduce((total, part) => total + part[key], 0n);
  return {
    count: add("count"),
    usdLow: add("usdLow"),
    openEnded: add("openEnded"),
    unconverted: add("unconverted"),
    stale: add("stale"),
    byQualifier: Object.fromEntries(
      Object.entries(byQualifier)
        .filter(([, values]) => values.some((value) => value !== 0n))
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
  };
}

async function grandTotal(deps: Deps): Promise<SummaryTotals> {
  return (await readTotals(deps, totalsQuery.parse({ groupBy: "status" }))).total;
}

test("every week's summary reconciles with the ledger and with GET /totals, with concurrent writers", async () => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.array(fc.array(operation, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        {
          minLength: WEEKS.length,
          maxLength: WEEKS.length,
        },
      ),
      async (weeks) => {
        runs++;
        let clock = new Date(`${WEEKS[0]}T00:00:00Z`);
        const deps = await testDeps({ now: () => clock });
        const ids: string[] = [];
        const atWeekEnd: SummaryTotals[] = [];
        for (const [week, rounds] of weeks.entries()) {
          for (const [round, operations] of rounds.entries()) {
            clock = new Date(`${WEEKS[week]}T${String(1 + round * 5).padStart(2, "0")}:00:00Z`);
            // A round's operations run at once: concurrent writers on the same records, parents and aggregates.
            await Promise.all(operations.map((op) => apply(deps, ids, op)));
          }
          atWeekEnd.push(await grandTotal(deps));
        }
        clock = new Date(`${AFTER}T12:00:00Z`);
        for (const [week, monday] of WEEKS.entries()) {
          const { summary } = await generateSummary(deps, { period: "weekly", key: `2025-W${10 + week}` });
          const { atStart, new: added, revised, deleted, atEnd } = summary.cumulative;
          expect(
            plus(atStart, added, revised, deleted),
            `${monday}: start + new + revised + deleted = end`,
          ).toEqual(linear(atEnd));
          expect(linear(atEnd), `${monday}: the summary's end is GET /totals as the week ended`).toEqual(
            linear(atWeekEnd[week] as SummaryTotals),
          );
          expect(atEnd.usdHigh, `${monday}: the same ceiling`).toBe(atWeekEnd[week]?.usdHigh);
        }
        deps.db.destroy();
      },
    ),
    { numRuns: Number(process.env.SUMMARY_PROPERTY_RUNS ?? 15), endOnFailure: true },
  );
  console.log(`summaries property: ${runs} cases`);
}, 300_000);
