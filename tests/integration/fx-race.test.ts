/**
 * A write that converts an amount reads the rate, then commits; a new rate commits, then re-converts what it
 * lists. Whatever the interleaving, every record must end at the rate in force.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { createCommitments } from "../../shared/commitments/batch.ts";
import { getCommitment } from "../../shared/commitments/reads.ts";
import { createCommitment, patchCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import { putFxRate } from "../../shared/store/reconvert.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput, parsedCommitment } from "../support/fixtures.ts";
import { gate, heldAtGate, isQueryOf, isWrite, opening, recordingQueries } from "../support/gate.ts";

let deps: Deps;
beforeEach(async () => {
  deps = await testDeps();
});

const chf = (value = "1000000") => ({ currency: "CHF", value, qualifier: "exact" });
const swiss = (overrides: Record<string, unknown> = {}) =>
  parsedCommitment({ announcedOn: "2025-02-01", amount: chf(), location: { country: "CH" }, ...overrides });
const setChf = (usdPerUnit: string) =>
  putFxRate(
    deps,
    "CHF",
    "2025-01-01",
    { usdPerUnit, kind: "market", source: `desk at ${usdPerUnit}` },
    "admin",
  );

async function usdPerUnitOf(id: string): Promise<string | undefined> {
  return (await getCommitment(deps, id)).amountUsd?.rate.usdPerUnit;
}

/** Runs `write` with its transactions held at a gate until 1.6 is in force and has re-converted what it lists. */
async function whileTheRateChanges<T>(write: (held: Deps) => Promise<T>): Promise<T> {
  const at = gate();
  const writing = write(heldAtGate(deps, at));
  await at.held;
  await setChf("1.6");
  at.open();
  return writing;
}

describe("a write that read the old rate commits after the new rate's re-conversion listed the currency", () => {
  test("a create keeps no replaced rate", async () => {
    await setChf("1.3");

    const { commitment } = await whileTheRateChanges((held) => createCommitment(held, swiss()));

    expect(await usdPerUnitOf(commitment.id)).toBe("1.6");
  });

  test("a create that found no rate is not left unconverted once one is in force", async () => {
    const { commitment } = await whileTheRateChanges((held) => createCommitment(held, swiss()));

    expect(await usdPerUnitOf(commitment.id)).toBe("1.6");
  });

  test("a batch keeps no replaced rate", async () => {
    await setChf("1.3");
    const items = [1, 2, 3].map((n) =>
      commitmentInput({ announcedOn: "2025-02-01", amount: chf(`${n}000000`), location: { country: "CH" } }),
    );

    const results = await whileTheRateChanges((held) => createCommitments(held, items));

    const rates = await Promise.all(
      results.map((result) => (result.result === "created" ? usdPerUnitOf(result.id) : result.error.message)),
    );
    expect(rates).toEqual(["1.6", "1.6", "1.6"]);
  });

  test("a patch that moves a record into the currency keeps no replaced rate", async () => {
    await setChf("1.3");
    const { commitment } = await createCommitment(
      deps,
      swiss({ amount: { currency: "USD", value: "1000000", qualifier: "exact" } }),
    );

    await whileTheRateChanges((held) =>
      patchCommitment(held, commitment.id, { amount: chf() }, { expectedVersion: 1 }),
    );

    expect(await usdPerUnitOf(commitment.id)).toBe("1.6");
  });

  test("40 concurrent CHF creates landing before, during and after the re-conversion all end at 1.6", async () => {
    await setChf("1.3");
    const stored = gate();
    const listed = gate();
    // Forty figures within 5 % of each other are near-duplicates: a create that goes round again after the rate
    // race finds the others already written, so they are allowed, as a desk entering them on purpose would.
    const creating = Array.from({ length: 40 }, (_, n) =>
      createCommitment(
        heldAtGate(deps, n % 2 === 0 ? stored : listed, () => Math.floor(Math.random() * 100)),
        swiss({ amount: chf(String(1_000_000 + n)) }),
        { allowDuplicate: true },
      ),
    );
    await Promise.all([stored.held, listed.held]);

    // Half the creates are let go once the new rate is stored, half once the re-conversion has listed the
    // currency: they commit before, during and after the listing and among its revisions.
    await putFxRate(
      opening(deps, [
        { after: isWrite, open: stored },
        { after: isQueryOf("LIST#currency#CHF"), open: listed },
      ]),
      "CHF",
      "2025-01-01",
      { usdPerUnit: "1.6", kind: "market", source: "desk at 1.6" },
      "admin",
    );
    const created = await Promise.all(creating);

    const rates = await Promise.all(created.map(({ commitment }) => usdPerUnitOf(commitment.id)));
    expect(rates.filter((rate) => rate !== "1.6")).toEqual([]);
  }, 240_000);
});

describe("the re-conversion's listing", () => {
  test("reads the currency's entries from the table, consistently, not from an index that may lag", async () => {
    await createCommitment(deps, swiss());
    const recording = recordingQueries(deps);

    await putFxRate(
      recording.deps,
      "CHF",
      "2025-01-01",
      { usdPerUnit: "1.6", kind: "market", source: "desk" },
      "admin",
    );
    const listing = recording.queries.find((query) =>
      JSON.stringify(query.ExpressionAttributeValues).includes("LIST#currency#CHF"),
    );

    expect({ index: listing?.IndexName, consistent: listing?.ConsistentRead }).toEqual({
      index: undefined,
      consistent: true,
    });
  });
});
