import { describe, expect, it } from "vitest";
import { fromSummaryItem, toSummaryItem } from "../../shared/table/summary-items.ts";
import { activity, weekSummary } from "../support/summary-fixtures.ts";

const summary = weekSummary([activity("cmt_01JJ0000000000000000000001", { at: "2025-01-28T09:00:00.000Z" })]);
const { generatedAt, contentHash, ...content } = summary;

describe("summary items", () => {
  it("keys a summary by period and label, listed across periods by its end", () => {
    const item = toSummaryItem(content, contentHash, generatedAt);

    expect([item.pk, item.sk, item.gsi3pk, item.gsi3sk, item.type]).toEqual([
      "SUMMARY#weekly",
      "2025-W05",
      "SUMMARIES",
      "2025-02-03T00:00:00.000Z#weekly",
      "summary",
    ]);
  });

  it("reads back the summary it stored", () => {
    expect(fromSummaryItem(toSummaryItem(content, contentHash, generatedAt))).toEqual(summary);
  });

  it("gzips content too large to keep inline, keeping the headline the stream publishes", () => {
    const item = toSummaryItem(content, contentHash, generatedAt, [], 100);

    expect([item.content, fromSummaryItem(item)]).toEqual([{ headline: summary.headline }, summary]);
  });
});
