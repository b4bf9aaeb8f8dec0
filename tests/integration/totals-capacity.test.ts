/** GET /totals reads aggregates, so its cost does not grow with the number of commitments (SPEC 3.3). */
import { expect, test } from "vitest";
import { createCommitments } from "../../shared/commitments/batch.ts";
import type { Deps } from "../../shared/deps.ts";
import { totalsQuery } from "../../shared/domain/totals.ts";
import { readTotals } from "../../shared/store/totals.ts";
import { countingDeps } from "../support/counting.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput } from "../support/fixtures.ts";

const countries = ["US", "KR", "FR"];
const months = ["2025-01", "2025-02", "2025-03"];

/** `n` commitments spread evenly over the same countries, months and parties, whatever n. */
async function ledgerOf(n: number): Promise<Deps> {
  const deps = await testDeps();
  const items = Array.from({ length: n }, (_, index) =>
    commitmentInput({
      announcedOn: `${months[index % 3]}-${String((index % 28) + 1).padStart(2, "0")}`,
      location: { country: countries[Math.floor(index / 3) % 3] },
      amount: { currency: "USD", value: String(1_000_000 + index), qualifier: "exact" },
      parties: [{ name: `Funder ${index % 5}`, role: "funder" }],
    }),
  );
  // Figures this close are near-duplicates of one another (SPEC 2); the test is about reading totals.
  for (let start = 0; start < n; start += 100)
    await createCommitments(deps, items.slice(start, start + 100), { allowDuplicate: true });
  return deps;
}

async function capacityOf(
  deps: Deps,
  query: Record<string, string>,
): Promise<{ units: number; count: string }> {
  const counting = countingDeps(deps);
  const result = await readTotals(counting.deps, totalsQuery.parse(query));
  return { units: counting.readCapacity(), count: result.total.count };
}

test("the same totals query consumes the same capacity on a table ten times larger", async () => {
  const small = await ledgerOf(45);
  const large = await ledgerOf(450);
  const figures = [];
  const queries: Record<string, string>[] = [
    { groupBy: "country" },
    { groupBy: "party" },
    { groupBy: "category" },
    { groupBy: "year" },
    { groupBy: "party", party: "funder-1" },
  ];
  for (const query of queries) {
    const [a, b] = [await capacityOf(small, query), await capacityOf(large, query)];
    figures.push({ query, small: a, large: b, ratio: b.units / a.units });
  }
  console.log(`totals ConsumedCapacity (read units), 45 vs 450 commitments: ${JSON.stringify(figures)}`);
  // Both answers are complete (45 and 450 counted; one party in five: 9 and 90), at one and the same cost.
  expect(
    figures.map(({ small: a, large: b }) => [a.count, b.count, a.units === b.units && a.units > 0]),
  ).toEqual([
    ["45", "450", true],
    ["45", "450", true],
    ["45", "450", true],
    ["45", "450", true],
    ["9", "90", true],
  ]);
}, 300_000);
