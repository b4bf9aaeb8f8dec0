/**
 * What a batch reads together it reads as each record would alone: near-duplicate refusals (windows merged where
 * they overlap) and rates (each currency's span of dates in one Query) agree with the one-by-one reads.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { createCommitments } from "../../shared/commitments/batch.ts";
import { getCommitmentItems } from "../../shared/commitments/reads.ts";
import { rateLookup } from "../../shared/commitments/record.ts";
import type { Commitment } from "../../shared/commitments/schema.ts";
import type { DuplicateError } from "../../shared/errors.ts";
import { nearDuplicateRefusals } from "../../shared/parties/near-duplicates.ts";
import { findRate, recordRate } from "../../shared/store/fx-rates.ts";
import { countingDeps } from "../support/counting.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput } from "../support/fixtures.ts";

/** Records crowded into few currencies, months, figures, funders and countries, so that many look alike. */
const crowded = fc.record({
  currency: fc.constantFrom("USD", "USD", "EUR", "KRW"),
  month: fc.constantFrom("2024-12", "2025-01", "2025-02", "2025-04"),
  day: fc.integer({ min: 1, max: 28 }),
  // Figures 3 % apart from 100 to ~134 billion: neighbours are near-duplicates, and so are some at two steps.
  step: fc.integer({ min: 0, max: 10 }),
  funder: fc.constantFrom("Alpha", "Beta", "Gamma"),
  country: fc.constantFrom("US", "KR", "XX"),
});

const figure = (step: number) =>
  ((100_000_000_000n * 103n ** BigInt(step)) / 100n ** BigInt(step)).toString();

type Crowded = {
  currency: string;
  month: string;
  day: number;
  step: number;
  funder: string;
  country: string;
};

const input = (record: Crowded) =>
  commitmentInput({
    announcedOn: `${record.month}-${String(record.day).padStart(2, "0")}`,
    parties: [{ name: record.funder, role: "funder", kind: "company" }],
    amount: { currency: record.currency, value: figure(record.step), qualifier: "approximately" },
    location: { country: record.country },
  });

const described = (refusal: DuplicateError | undefined) =>
  refusal && { message: refusal.message, extra: refusal.extra };

/** A ledger of `records`, written as one batch that refuses nothing; the stored records, in the order given. */
async function ledger(records: Crowded[]) {
  const deps = await testDeps();
  await recordRate(deps, "EUR", "2025-01-15", { usdPerUnit: "1.08", kind: "market", source: "test" }, "test");
  const outcomes = await createCommitments(deps, records.map(input), { allowDuplicate: true });
  const ids = outcomes.map((outcome) => (outcome.result === "created" ? outcome.id : ""));
  const stored = await getCommitmentItems(deps, ids);
  return { deps, records: ids.map((id) => stored.get(id)?.record as Commitment) };
}

test("a batch's near-duplicate refusals are each record's own, candidates and all", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(crowded, { minLength: 2, maxLength: 30 }), async (records) => {
      const { deps, records: stored } = await ledger(records);
      // Every record of the ledger checked against the others: together, then one at a time.
      const together = await nearDuplicateRefusals(deps, stored);
      const alone = [];
      for (const record of stored) alone.push(...(await nearDuplicateRefusals(deps, [record])));
      deps.db.destroy();
      expect(together.map(described)).toEqual(alone.map(described));
    }),
    { numRuns: 15, endOnFailure: true },
  );
}, 240_000);

test("a batch in one currency reads its overlapping windows with one Query and its candidates with one BatchGet", async () => {
  const { deps, records } = await ledger(
    Array.from({ length: 20 }, (_, step) => ({
      currency: "USD",
      month: "2025-01",
      day: 10,
      step: step % 11,
      funder: "Alpha",
      country: "US",
    })),
  );
  const counting = countingDeps(deps);
  const refusals = await nearDuplicateRefusals(counting.deps, records);
  deps.db.destroy();
  expect({
    refused: refusals.filter((refusal) => refusal !== undefined).length,
    sent: counting.sent,
  }).toEqual({ refused: 20, sent: ["QueryCommand", "BatchGetCommand"] });
});

test("rates loaded for a span of dates are the rates in force on each date", async () => {
  const date = fc
    .record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) })
    .map(({ month, day }) => `2025-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`);
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(date, { maxLength: 8 }),
      fc.array(date, { minLength: 1, maxLength: 12 }),
      async (rateDates, wanted) => {
        const deps = await testDeps();
        for (const [position, rateDate] of rateDates.entries())
          await recordRate(
            deps,
            "CHF",
            rateDate,
            { usdPerUnit: `1.${position + 1}`, kind: "market", source: "test" },
            "test",
          );
        const rates = rateLookup(deps);
        await rates.load(wanted.map((wantedDate) => ({ currency: "CHF", date: wantedDate })));
        const loaded = await Promise.all(wanted.map((wantedDate) => rates.rate("CHF", wantedDate)));
        const alone = await Promise.all(wanted.map((wantedDate) => findRate(deps, "CHF", wantedDate)));
        deps.db.destroy();
        expect(loaded).toEqual(alone);
      },
    ),
    { numRuns: 15, endOnFailure: true },
  );
}, 240_000);
