/**
 * What a data desk found summaries getting wrong, each as the case that showed it: parts counted again or dropped
 * when their whole's figure changed, a deleted record among the new, revisions inside the period missed, and a
 * stored summary that could not be corrected.
 */
import { describe, expect, it } from "vitest";
import { commitmentInput as schema } from "../../shared/commitments/schema.ts";
import { createCommitment, deleteCommitment, patchCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import type { SummaryTotals } from "../../shared/domain/summary.ts";
import { generateSummary } from "../../shared/store/summaries.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput } from "../support/fixtures.ts";

let clock = new Date("2025-03-03T09:00:00Z");
const at = (iso: string) => {
  clock = new Date(iso);
};
const usd = (value: string, qualifier = "exact") => ({ currency: "USD", value, qualifier });

async function create(deps: Deps, when: string, overrides: Record<string, unknown>) {
  at(when);
  return (await createCommitment(deps, schema.parse(commitmentInput(overrides)), { allowDuplicate: true }))
    .commitment;
}

async function week(deps: Deps, key: string) {
  at("2025-04-01T00:00:00Z");
  return (await generateSummary(deps, { period: "weekly", key })).summary;
}

/** Floor and (closed) ceiling of a total, as a reader would quote them. */
const figures = (totals: SummaryTotals) => [totals.usdLow, totals.usdHigh];

describe("a part whose whole gains a figure in the same week", () => {
  it("is not counted again in the new money, nor in the top 5", async () => {
    const deps = await testDeps({ now: () => clock });
    const whole = await create(deps, "2025-03-03T09:00:00Z", { title: "Whole", amount: undefined });
    await create(deps, "2025-03-03T10:00:00Z", {
      title: "Part",
      amount: usd("12000000000"),
      parentId: whole.id,
    });
    at("2025-03-04T09:00:00Z");
    await patchCommitment(deps, whole.id, { amount: usd("100000000000") }, { expectedVersion: 1 });
    const summary = await week(deps, "2025-W10");

    expect(figures(summary.newMoney.total)).toEqual(["100000000000", "100000000000"]);
    expect(summary.top.map((entry) => entry.title)).toEqual(["Whole"]);
    expect(summary.newCommitments.find((entry) => entry.title === "Part")?.notCountedBecause).toBe(
      "part-of-parent",
    );
  });
});

describe("a part whose whole loses its figure", () => {
  it("comes back into the totals, and the summary says so", async () => {
    const deps = await testDeps({ now: () => clock });
    const whole = await create(deps, "2025-03-03T09:00:00Z", { title: "Whole", amount: usd("100000000000") });
    await create(deps, "2025-03-03T10:00:00Z", {
      title: "Part",
      amount: usd("12000000000"),
      parentId: whole.id,
    });
    at("2025-03-11T09:00:00Z");
    await patchCommitment(deps, whole.id, { amount: null }, { expectedVersion: 1 });
    const summary = await week(deps, "2025-W11");

    expect(figures(summary.cumulative.revised)).toEqual(["-88000000000", "-88000000000"]);
    expect(summary.revisions.map((entry) => [entry.title, entry.change])).toEqual([
      ["Whole", "updated"],
      ["Part", "cover"],
    ]);
    expect(figures(summary.cumulative.atEnd)).toEqual(["12000000000", "12000000000"]);
  });
});

describe("a record created and deleted in the same week", () => {
  it("is not among the new commitments", async () => {
    const deps = await testDeps({ now: () => clock });
    const gone = await create(deps, "2025-03-03T09:00:00Z", { title: "Gone", amount: usd("5000000000") });
    at("2025-03-04T09:00:00Z");
    await deleteCommitment(deps, gone.id);
    const summary = await week(deps, "2025-W10");

    expect(summary.newCommitments).toEqual([]);
    expect(figures(summary.newMoney.total)).toEqual(["0", "0"]);
  });
});

describe("a figure and a status changed inside the week", () => {
  it("are reported as revisions with what they moved", async () => {
    const deps = await testDeps({ now: () => clock });
    const record = await create(deps, "2025-03-03T09:00:00Z", { title: "Capex", amount: usd("75000000000") });
    at("2025-03-11T09:00:00Z");
    await patchCommitment(
      deps,
      record.id,
      { amount: usd("85000000000"), status: "under-construction" },
      { expectedVersion: 1 },
    );
    const summary = await week(deps, "2025-W11");

    expect(summary.revisions.map((entry) => [entry.title, entry.amount?.to?.high, entry.status?.to])).toEqual(
      [["Capex", "85000000000", "under-construction"]],
    );
    expect(figures(summary.revisions[0]?.moneyChange as SummaryTotals)).toEqual([
      "10000000000",
      "10000000000",
    ]);
  });
});

describe("a stored summary whose figures no longer match the ledger", () => {
  it("is regenerated, stored once per content, and says when it was corrected", async () => {
    const deps = await testDeps({ now: () => clock });
    await create(deps, "2025-03-03T09:00:00Z", { title: "Capex", amount: usd("75000000000") });
    const first = await week(deps, "2025-W10");
    // A late write booked in that week (an import with a back-dated clock) changes what the week holds.
    await create(deps, "2025-03-04T09:00:00Z", { title: "Late", amount: usd("1000000000") });
    at("2025-04-02T00:00:00Z");
    const corrected = await generateSummary(deps, { period: "weekly", key: "2025-W10" });
    const again = await generateSummary(deps, { period: "weekly", key: "2025-W10" });

    expect(corrected.outcome).toBe("updated");
    expect(corrected.summary.corrections).toEqual([
      { at: "2025-04-02T00:00:00.000Z", replacedContentHash: first.contentHash },
    ]);
    expect(again.outcome).toBe("unchanged");
    expect(again.summary.corrections).toHaveLength(1);
  });
});
