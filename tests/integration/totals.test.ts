import { beforeEach, describe, expect, test } from "vitest";
import { createCommitments } from "../../shared/commitments/batch.ts";
import { createCommitment, deleteCommitment, patchCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import { totalsQuery } from "../../shared/domain/totals.ts";
import { listParties } from "../../shared/parties/reads.ts";
import { registerParty } from "../../shared/parties/registry.ts";
import { putFxRate } from "../../shared/store/reconvert.ts";
import { readTotals } from "../../shared/store/totals.ts";
import { aggregatesCheck } from "../support/aggregates.ts";
import { countingDeps } from "../support/counting.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput, parsedCommitment } from "../support/fixtures.ts";

let deps: Deps;
beforeEach(async () => {
  deps = await testDeps();
});

const input = parsedCommitment;
const totals = (query: Record<string, string>) => readTotals(deps, totalsQuery.parse(query));
const usd = (value: string, qualifier = "exact") => ({ currency: "USD", value, qualifier });

/** The seed figures: Stargate and Meta in the US, Korea's KRW 2.5 trillion at 1,440. */
async function seedFigures() {
  await putFxRate(
    deps,
    "KRW",
    "2025-01-22",
    { unitsPerUsd: "1440", kind: "market", source: "IT동아, rounded" },
    "admin",
  );
  await createCommitment(
    deps,
    input({
      announcedOn: "2025-01-21",
      amount: usd("500000000000", "at-least"),
      location: { country: "US" },
      parties: [
        { name: "SoftBank Group", role: "funder" },
        { name: "NVIDIA", role: "technology-partner" },
      ],
    }),
  );
  await createCommitment(
    deps,
    input({
      announcedOn: "2025-01-24",
      amount: usd("65000000000", "at-least"),
      location: { country: "US" },
      parties: [{ name: "Meta", role: "funder" }],
    }),
  );
  await createCommitment(
    deps,
    input({
      announcedOn: "2025-01-22",
      amount: { currency: "KRW", value: "2500000000000", qualifier: "up-to" },
      location: { country: "KR" },
      categories: ["compute"],
      parties: [{ name: "과학기술정보통신부", role: "government" }],
    }),
  );
}

const atLeast = (count: string, usdLow: string) => ({ count, usdLow, usdHigh: usdLow });
const closed = { openEnded: "0", unconverted: "0", stale: "0" };

describe("totals", () => {
  test("keep 'at least' and 'up to': the US floor is US$565B with an open ceiling, KR's 'up to' adds to a ceiling only", async () => {
    await seedFigures();
    const result = await totals({ groupBy: "country" });
    expect(result.groups).toEqual([
      {
        key: "US",
        count: "2",
        usdLow: "565000000000",
        usdHigh: null,
        openEnded: "2",
        byQualifier: { "at-least": atLeast("2", "565000000000") },
        unconverted: "0",
        stale: "0",
      },
      {
        key: "KR",
        count: "1",
        usdLow: "0",
        usdHigh: "1736111111",
        byQualifier: { "up-to": atLeast("1", "1736111111") },
        ...closed,
      },
    ]);
  });

  test("a grand total that never adds 'at least' and 'up to' into one number", async () => {
    await seedFigures();
    const { total } = await totals({ groupBy: "country" });
    expect(total).toEqual({
      count: "3",
      usdLow: "565000000000",
      usdHigh: null,
      openEnded: "2",
      byQualifier: { "at-least": atLeast("2", "565000000000"), "up-to": atLeast("1", "1736111111") },
      unconverted: "0",
      stale: "0",
    });
  });

  test("a ceiling is closed when no figure is 'at least': exact, about and range add their highs", async () => {
    await createCommitment(deps, input({ amount: usd("10") }));
    await createCommitment(deps, input({ amount: usd("20", "approximately") }));
    await createCommitment(
      deps,
      input({ amount: { currency: "USD", low: "30", high: "40", qualifier: "range" } }),
    );
    const { total } = await totals({ groupBy: "country" });
    expect([total.usdLow, total.usdHigh, total.openEnded]).toEqual(["60", "70", "0"]);
  });

  test("by currency also sum the amounts in that currency", async () => {
    await seedFigures();
    const { groups } = await totals({ groupBy: "currency", currency: "KRW" });
    expect(groups).toEqual([
      {
        key: "KRW",
        count: "1",
        usdLow: "0",
        usdHigh: "1736111111",
        byQualifier: { "up-to": atLeast("1", "1736111111") },
        ...closed,
        amountLow: "0",
        amountHigh: "2500000000000",
      },
    ]);
  });

  test("count an amount without a rate as unconverted, never as zero or a guess", async () => {
    await createCommitment(
      deps,
      input({
        amount: { currency: "EUR", value: "200000000000", qualifier: "approximately" },
        location: { country: "XX" },
      }),
    );
    expect((await totals({ groupBy: "country" })).total).toEqual({
      count: "1",
      usdLow: "0",
      usdHigh: "0",
      openEnded: "0",
      byQualifier: {},
      unconverted: "1",
      stale: "0",
    });
  });

  test("a new rate moves the unconverted amount into the sums", async () => {
    await createCommitment(
      deps,
      input({
        announcedOn: "2025-02-11",
        amount: { currency: "EUR", value: "200000000000", qualifier: "approximately" },
      }),
    );
    await putFxRate(
      deps,
      "EUR",
      "2025-02-10",
      { usdPerUnit: "1.0305", kind: "market", source: "test rate" },
      "admin",
    );
    expect((await totals({ groupBy: "currency" })).total).toEqual({
      count: "1",
      usdLow: "206100000000",
      usdHigh: "206100000000",
      byQualifier: { approximately: atLeast("1", "206100000000") },
      ...closed,
    });
  });

  test("leave estimates out when asked", async () => {
    await createCommitment(deps, input({ amount: usd("10"), confidence: "estimate" }));
    await createCommitment(deps, input({ amount: usd("5"), confidence: "reported" }));
    expect((await totals({ groupBy: "status", includeEstimates: "false" })).total.usdHigh).toBe("5");
  });

  test("by year read the month aggregates", async () => {
    await seedFigures();
    await createCommitment(deps, input({ announcedOn: "2024-03-01", amount: usd("7") }));
    expect((await totals({ groupBy: "year" })).groups.map((group) => [group.key, group.count])).toEqual([
      ["2025", "3"],
      ["2024", "1"],
    ]);
  });

  test("from and to select whole months", async () => {
    await seedFigures();
    await createCommitment(
      deps,
      input({ announcedOn: "2025-02-04", amount: usd("75000000000", "approximately") }),
    );
    expect((await totals({ groupBy: "country", from: "2025-02-01", to: "2025-02-28" })).total.usdHigh).toBe(
      "75000000000",
    );
  });

  test("by country or status, the total is the groups' sum, in one Query; overlapping groups read the ledger's", async () => {
    await seedFigures();
    await createCommitment(deps, input({ amount: usd("7"), categories: ["compute", "data-center"] }));
    const queries = async (groupBy: string) => {
      const counting = countingDeps(deps);
      const result = await readTotals(counting.deps, totalsQuery.parse({ groupBy }));
      return { total: result.total, queries: counting.sent.filter((name) => name === "QueryCommand").length };
    };
    const ledgerWide = (await queries("year")).total;
    expect(await queries("country")).toEqual({ total: ledgerWide, queries: 1 });
    expect(await queries("status")).toEqual({ total: ledgerWide, queries: 1 });
    // A commitment may be in several categories: summing them would count it twice.
    expect(await queries("category")).toEqual({ total: ledgerWide, queries: 2 });
  });

  test("refuse a filter the aggregates cannot answer, pointing to the listing", () => {
    expect(totalsQuery.safeParse({ groupBy: "country", category: "compute" }).success).toBe(false);
  });

  test("a party asked for by a name or an alias totals what the listing finds under it", async () => {
    await registerParty(deps, "softbank-group", {
      name: "SoftBank Group",
      kind: "company",
      aliases: ["소프트뱅크", "SoftBank Group Corp."],
    });
    await seedFigures();
    const bySlug = await totals({ groupBy: "party", party: "softbank-group" });
    expect(bySlug.total.usdLow).toBe("500000000000");
    for (const party of ["소프트뱅크", "SoftBank Group Corp.", "SoftBank Group"])
      expect(await totals({ groupBy: "party", party }), party).toEqual(bySlug);
  });

  test("a technology partner is counted but not credited with the money", async () => {
    await seedFigures();
    const parties = (await listParties(deps, 100, undefined)).items;
    const nvidia = parties.find((party) => party.slug === "nvidia");
    const softbank = parties.find((party) => party.slug === "softbank-group");
    expect([nvidia?.funding.usdLow, nvidia?.commitments, softbank?.funding.usdLow]).toEqual([
      "0",
      1,
      "500000000000",
    ]);
  });
});

describe("no double counting", () => {
  const france = () =>
    input({
      title: "France AI summit pledges",
      announcedOn: "2025-02-10",
      amount: { currency: "USD", value: "109000000000", qualifier: "exact" },
      location: { country: "FR" },
      parties: [{ name: "France", role: "government" }],
    });
  const mgx = (parentId: string) =>
    input({
      title: "MGX campus in France",
      announcedOn: "2025-02-10",
      amount: { currency: "USD", value: "50000000000", qualifier: "up-to" },
      location: { country: "FR" },
      parties: [{ name: "MGX", role: "funder" }],
      parentId,
    });

  test("a part is counted only through its whole", async () => {
    const whole = await createCommitment(deps, france());
    await createCommitment(deps, mgx(whole.commitment.id));
    expect((await totals({ groupBy: "country" })).total).toEqual({
      count: "1",
      usdLow: "109000000000",
      usdHigh: "109000000000",
      byQualifier: { exact: atLeast("1", "109000000000") },
      ...closed,
    });
  });

  test("parts are counted when the whole names no amount", async () => {
    const whole = await createCommitment(deps, { ...france(), amount: undefined });
    await createCommitment(deps, mgx(whole.commitment.id));
    expect((await totals({ groupBy: "country" })).total).toEqual({
      count: "2",
      usdLow: "0",
      usdHigh: "50000000000",
      byQualifier: { "up-to": atLeast("1", "50000000000") },
      ...closed,
    });
  });

  test("a whole gaining an amount takes its parts out of the totals, and losing it brings them back", async () => {
    const { amount, ...noAmount } = france();
    const whole = await createCommitment(deps, noAmount);
    await createCommitment(deps, mgx(whole.commitment.id));
    await patchCommitment(
      deps,
      whole.commitment.id,
      { amount: { currency: "USD", value: "109000000000", qualifier: "exact" } },
      { expectedVersion: 1 },
    );
    const gained = (await totals({ groupBy: "country" })).total.usdHigh;
    await patchCommitment(deps, whole.commitment.id, { amount: null }, { expectedVersion: 2 });
    const lost = (await totals({ groupBy: "country" })).total.usdHigh;
    expect([gained, lost]).toEqual(["109000000000", "50000000000"]);
  });

  test("the kept aggregates equal the ones recomputed from the records after parts move", async () => {
    const { amount, ...noAmount } = france();
    const whole = await createCommitment(deps, noAmount);
    const part = await createCommitment(deps, mgx(whole.commitment.id));
    await createCommitment(deps, {
      ...mgx(part.commitment.id),
      title: "MGX phase 2",
      amount: { currency: "USD", low: "1", high: "1", qualifier: "exact" },
      parties: [{ name: "Bpifrance", role: "lender" }],
    });
    await patchCommitment(deps, part.commitment.id, { amount: null }, { expectedVersion: 1 });
    await patchCommitment(deps, whole.commitment.id, { amount: usd("109000000000") }, { expectedVersion: 1 });
    const { stored, expected } = await aggregatesCheck(deps);
    expect(stored).toEqual(expected);
  });

  test("deleting brings every aggregate back to zero", async () => {
    const { commitment } = await createCommitment(deps, france());
    await deleteCommitment(deps, commitment.id);
    expect((await aggregatesCheck(deps)).stored).toEqual({});
  });

  test("a batch merges its deltas and keeps the aggregates exact", async () => {
    const items = Array.from({ length: 25 }, (_, index) =>
      commitmentInput({ amount: usd(String(1000 + index)), parties: [{ name: "Shared", role: "funder" }] }),
    );
    await createCommitments(deps, items);
    const { stored, expected } = await aggregatesCheck(deps);
    expect(stored).toEqual(expected);
  });
});
