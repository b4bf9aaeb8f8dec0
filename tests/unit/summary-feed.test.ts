import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { summaryFeed } from "../../shared/render/summary-feed.ts";
import { activity, weekSummary } from "../support/summary-fixtures.ts";

const ORIGIN = "https://tracker.example";
const NOW = new Date("2025-02-20T00:00:00.000Z");
const HOSTILE = "<script>alert('x')</script> & ]]> \u0007bell\rreturn";

const hostileWeek = () =>
  weekSummary(
    [activity("cmt_01JJ0000000000000000000001", { at: "2025-01-28T09:00:00.000Z" }, { title: HOSTILE })],
    { generatedAt: "2025-02-03T00:05:00.000Z" },
  );

describe("summaryFeed", () => {
  it("is well-formed XML, even with a hostile title", () => {
    expect(XMLValidator.validate(summaryFeed([hostileWeek()], { origin: ORIGIN, now: NOW }))).toBe(true);
  });

  it("parses with a feed library: the entry's id, title, date, link and the headline as its summary", () => {
    const feed = parseFeed(summaryFeed([hostileWeek()], { origin: ORIGIN, now: NOW }));
    const [entry] = feed.items;

    expect({
      format: feed.meta.type,
      feedTitle: feed.title,
      self: feed.self,
      id: entry?.id,
      title: entry?.title,
      updated: entry?.updated?.toISOString(),
      url: entry?.url,
      summary: entry?.description,
    }).toEqual({
      format: "atom",
      feedTitle: "ai-infra-tracker: published summaries",
      self: `${ORIGIN}/summaries/feed.atom`,
      id: `${ORIGIN}/summaries/weekly/2025-W05`,
      title: "Weekly summary: Week 5 of 2025",
      updated: "2025-02-03T00:05:00.000Z",
      url: `${ORIGIN}/summaries/weekly/2025-W05?format=html`,
      summary: "At least US$500B in new commitments this week.",
    });
  });

  // Read with a plain XML parser: @rowanmanning/feed-parser decodes HTML entities a second time in `content`
  // (its open issue #209), which would turn the escaped title back into markup on its side.
  it("carries a hostile title in its HTML content as text, never as markup", () => {
    const document = new XMLParser().parse(summaryFeed([hostileWeek()], { origin: ORIGIN, now: NOW }));
    const content = String(document.feed.entry.content);

    expect(content, "no script element").not.toContain("<script");
    expect(content, "the title, escaped as HTML, on one line").toContain(
      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; ]]&gt;  bell return",
    );
  });

  it("lists summaries in the order given, and is dated by the newest", () => {
    const older = weekSummary([], { generatedAt: "2025-02-03T00:05:00.000Z" });
    const newer = {
      ...older,
      key: "monthly/2025-01",
      period: "monthly" as const,
      label: "2025-01",
      generatedAt: "2025-02-01T00:05:00.000Z",
    };
    const feed = parseFeed(summaryFeed([newer, older], { origin: ORIGIN, now: NOW }));

    expect(
      feed.items.map((item) => item.title),
      "entries",
    ).toEqual(["Monthly summary: January 2025", "Weekly summary: Week 5 of 2025"]);
    expect(feed.updated?.toISOString(), "the feed's date").toBe("2025-02-03T00:05:00.000Z");
  });

  it("is a valid feed with no entries, dated now", () => {
    const feed = parseFeed(summaryFeed([], { origin: ORIGIN, now: NOW }));

    expect([feed.items.length, feed.updated?.toISOString()]).toEqual([0, NOW.toISOString()]);
  });
});
