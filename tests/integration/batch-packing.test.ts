/**
 * A batch packs its records into transactions in an order where neighbours share totals items (month, country,
 * status), so the same records cost the same transactions in whatever order they come, and each outcome stays at
 * its item's place.
 */
import { expect, test } from "vitest";
import { createCommitments } from "../../shared/commitments/batch.ts";
import { countingDeps } from "../support/counting.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput } from "../support/fixtures.ts";

const months = ["2024-11", "2025-02", "2025-05", "2025-08"];
const countries = ["US", "KR", "FR"];

/** 100 records that take turns over four months and three countries, and the same records grouped by month. */
function records() {
  const interleaved = Array.from({ length: 100 }, (_, index) =>
    commitmentInput({
      title: `Record ${index}`,
      announcedOn: `${months[index % 4]}-${String((index % 28) + 1).padStart(2, "0")}`,
      location: { country: countries[index % 3] },
      amount: { currency: "USD", value: String(1_000_000_000 + index * 7_919_000), qualifier: "exact" },
    }),
  );
  const grouped = months.flatMap((month) =>
    interleaved.filter((record) => (record.announcedOn as string).startsWith(month)),
  );
  return { interleaved, grouped };
}

async function transactions(items: Record<string, unknown>[]) {
  const counting = countingDeps(await testDeps());
  const outcomes = await createCommitments(counting.deps, items, { allowDuplicate: true });
  counting.deps.db.destroy();
  return {
    transactions: counting.sent.filter((name) => name === "TransactWriteCommand").length,
    outcomes: outcomes.map((outcome) => [outcome.index, outcome.result]),
  };
}

test("a batch's records cost the same transactions in any order, their outcomes in the items' order", async () => {
  const { interleaved, grouped } = records();
  const taking = await transactions(interleaved);
  const grouping = await transactions(grouped);

  expect(taking.transactions).toBe(grouping.transactions);
  expect(taking.outcomes).toEqual(interleaved.map((_, index) => [index, "created"]));
}, 60_000);
