import { describe, expect, it } from "vitest";
import { activity, usd, weekSummary } from "../support/summary-fixtures.ts";

const A = "cmt_01JJ0000000000000000000001";
const B = "cmt_01JJ0000000000000000000002";

describe("buildSummary", () => {
  it("shows a commitment created and revised in the same week once, at its final figure", () => {
    const summary = weekSummary([
      activity(A, { at: "2025-01-28T10:00:00.000Z" }, { amountUsd: usd("75000000000") }),
      activity(
        A,
        {
          at: "2025-01-29T10:00:00.000Z",
          version: 2,
          change: "updated",
          fields: { amountUsd: { from: usd("75000000000"), to: usd("85000000000") } },
        },
        { amountUsd: usd("85000000000") },
      ),
    ]);

    expect(
      summary.newCommitments.map((entry) => entry.amountUsd?.high),
      "new commitments' figures",
    ).toEqual(["85000000000"]);
    expect(summary.revisions, "revisions").toEqual([]);
  });

  it("lists a commitment created and deleted in the same week without counting it", () => {
    const summary = weekSummary([
      activity(A, { at: "2025-01-28T10:00:00.000Z" }),
      activity(A, { at: "2025-01-28T11:00:00.000Z", version: 2, change: "deleted", fields: {} }),
    ]);

    expect(summary.newCommitments, "a record deleted in the week it was created is not new").toEqual([]);
    expect(summary.newMoney.total.count).toBe("0");
  });

  it("lists the deletion of an older commitment with what it took out of the totals", () => {
    const summary = weekSummary([
      activity(A, {
        at: "2025-01-30T10:00:00.000Z",
        version: 3,
        change: "deleted",
        fields: { amountUsd: { from: usd("500000000000"), to: null } },
      }),
    ]);

    expect(summary.revisions.map((entry) => entry.change)).toEqual(["deleted"]);
    expect(summary.revisions[0]?.moneyChange.usdLow).toBe("-500000000000");
    expect(summary.revisions[0]?.moneyChange.openEnded, "an at-least figure left the totals").toBe("-1");
  });

  it("leaves out a revision that only attached a source", () => {
    const summary = weekSummary([
      activity(B, {
        at: "2025-01-30T10:00:00.000Z",
        version: 2,
        change: "source-added",
        fields: { sources: { from: [], to: [] } },
      }),
    ]);

    expect(summary.revisions, "revisions").toEqual([]);
    expect(summary.headline.empty, "headline.empty").toBe(true);
  });

  it("ignores activity outside the week", () => {
    const summary = weekSummary([activity(A, { at: "2025-02-03T00:00:00.000Z" })]);

    expect(summary.newCommitments).toEqual([]);
  });

  it("counts a commitment without a figure, and one without a rate as unconverted", () => {
    const summary = weekSummary([
      activity(A, { at: "2025-01-28T10:00:00.000Z" }, { amount: null, amountUsd: null }),
      activity(
        B,
        { at: "2025-01-28T11:00:00.000Z" },
        { amount: { currency: "EUR", low: "1", high: "1", qualifier: "exact" }, amountUsd: null },
      ),
    ]);

    expect(summary.newMoney.total).toEqual({
      count: "2",
      usdLow: "0",
      usdHigh: "0",
      openEnded: "0",
      byQualifier: {},
      unconverted: "1",
      stale: "0",
    });
  });

  it("keeps the top 5 by USD, largest first", () => {
    const items = ["1", "7", "3", "9", "5", "2"].map((billions, index) =>
      activity(
        `cmt_01JJ00000000000000000000${index}X`,
        { at: `2025-01-28T1${index}:00:00.000Z` },
        { title: `B${billions}`, amountUsd: usd(`${billions}000000000`) },
      ),
    );

    expect(weekSummary(items).top.map((entry) => entry.title)).toEqual(["B9", "B7", "B5", "B3", "B2"]);
  });

  it("hashes the same activity in any order to the same content", () => {
    const items = [
      activity(A, { at: "2025-01-28T10:00:00.000Z" }),
      activity(B, { at: "2025-01-29T10:00:00.000Z" }),
    ];

    expect(weekSummary([...items].reverse()).contentHash).toBe(weekSummary(items).contentHash);
  });
});
