import { describe, expect, it } from "vitest";
import { addColumns, ledgerColumns } from "../../shared/domain/aggregates.ts";
import { figure } from "../../shared/render/format.ts";
import { barChart, summaryHtml } from "../../shared/render/summary-html.ts";
import { escapeMarkdown, summaryMarkdown } from "../../shared/render/summary-markdown.ts";
import { activity, usd, weekSummary } from "../support/summary-fixtures.ts";

const STARGATE = "cmt_01JJ0000000000000000000001";
const KOREA = "cmt_01JJ0000000000000000000002";
const META = "cmt_01JJ0000000000000000000003";
const KRW_RATE = {
  currency: "KRW",
  date: "2025-01-22",
  unitsPerUsd: "1440",
  kind: "implied" as const,
  source: "IT동아, rounded",
  version: 1,
};

const seedActivity = () => [
  activity(STARGATE, { at: "2025-01-28T09:00:00.000Z" }),
  activity(
    KOREA,
    { at: "2025-01-28T10:00:00.000Z" },
    {
      title: "국가 AI 컴퓨팅 센터",
      announcedOn: "2025-01-22",
      country: "KR",
      amount: { currency: "KRW", low: "2500000000000", high: "2500000000000", qualifier: "up-to" },
      amountUsd: { low: "1736111111", high: "1736111111", rate: KRW_RATE, stale: false },
      sources: [{ url: "https://it.donga.com/108400/", publisher: "IT동아" }],
    },
  ),
  activity(
    META,
    { at: "2025-01-29T10:00:00.000Z" },
    {
      title: "Meta AI infrastructure 2025",
      announcedOn: "2025-01-24",
      amount: { currency: "USD", low: "60000000000", high: "65000000000", qualifier: "range" },
      amountUsd: usd("60000000000", "65000000000"),
    },
  ),
];

/** The seed week, the ledger at its end holding exactly what the week added. */
const seedWeek = () => {
  const items = seedActivity();
  const atEnd = items.reduce((sum, item) => addColumns(sum, ledgerColumns(item.snapshot)), {});
  return weekSummary(items, { ledger: { atEnd } });
};

describe("figure", () => {
  it.each([
    [{ qualifier: "at-least", low: "500000000000", high: "500000000000" }, "at least US$500,000,000,000"],
    [{ qualifier: "up-to", low: "50000000000", high: "50000000000" }, "up to US$50,000,000,000"],
    [{ qualifier: "approximately", low: "75000000000", high: "75000000000" }, "about US$75,000,000,000"],
    [{ qualifier: "range", low: "60000000000", high: "65000000000" }, "US$60,000,000,000–65,000,000,000"],
    [{ qualifier: "exact", low: "1.5", high: "1.5" }, "US$1.5"],
  ] as const)("words %o as %s", (amount, text) => {
    expect(figure({ currency: "USD", ...amount })).toBe(text);
  });
});

describe("summaryMarkdown", () => {
  it("names each new commitment with its figure in words, its rate, its date and its sources as links", () => {
    const markdown = summaryMarkdown(seedWeek());

    expect(markdown).toContain(
      "- **국가 AI 컴퓨팅 센터** — up to KRW 2,500,000,000,000 (up to US$1,736,111,111 at 1,440 KRW per USD, rate of 2025-01-22 (IT동아, rounded)) · KR · data-center · official · announced 2025-01-22 (newly tracked: announced before the week began) · sources: [IT동아](https://it.donga.com/108400/)",
    );
  });

  it("writes a range as low–high", () => {
    expect(summaryMarkdown(seedWeek())).toContain(
      "**Meta AI infrastructure 2025** — US$60,000,000,000–65,000,000,000",
    );
  });

  it("opens with the week, its status and the headline figures", () => {
    const lines = summaryMarkdown(seedWeek()).split("\n\n").slice(0, 3);

    expect(lines).toEqual([
      "# Weekly summary 2025-W05",
      "Monday 27 January 2025 to Sunday 2 February 2025 (UTC) · final",
      "**3 new commitments, 0 revisions.** New money: at least US$560,000,000,000, plus up to US$1,736,111,111 (3 counted commitments).",
    ]);
  });

  it("says plainly that an empty week is empty", () => {
    expect(summaryMarkdown(weekSummary([]))).toContain(
      "**Nothing changed in the ledger this week: no new commitments and no revisions of a figure or a status.**",
    );
  });

  it("leaves the empty sections out of an empty week", () => {
    const headings = summaryMarkdown(weekSummary([]))
      .split("\n")
      .filter((line) => line.startsWith("## "));

    expect(headings).toEqual(["## Cumulative totals", "## Change against the previous week (2025-W04)"]);
  });

  it("marks a provisional summary as such", () => {
    expect(
      summaryMarkdown(weekSummary([], { final: false, generatedAt: "2025-01-30T12:00:00.000Z" })),
    ).toContain("**provisional**: the week is not over; figures as of 2025-01-30 12:00 UTC");
  });

  it("escapes markup in titles and keeps parentheses in a link's URL from ending it", () => {
    const markdown = summaryMarkdown(
      weekSummary([
        activity(
          STARGATE,
          { at: "2025-01-28T09:00:00.000Z" },
          { title: "*Big* [deal] <b>", sources: [{ url: "https://example.com/a_(b)", publisher: "Ex" }] },
        ),
      ]),
    );

    expect(markdown, "the escaped title").toContain("**\\*Big\\* \\[deal\\] \\<b\\>**");
    expect(markdown, "the escaped link").toContain("(https://example.com/a_%28b%29)");
  });

  it("escapes every character Markdown reads as markup", () => {
    expect(escapeMarkdown("a*b_c`d[e]f<g>h|i~j#k\\l")).toBe("a\\*b\\_c\\`d\\[e\\]f\\<g\\>h\\|i\\~j\\#k\\\\l");
  });
});

describe("summaryHtml", () => {
  it("is a standalone UTF-8 page that keeps Korean text", () => {
    const html = summaryHtml(seedWeek());

    expect(html.startsWith("<!doctype html>"), "starts with the doctype").toBe(true);
    expect(html, "declares UTF-8").toContain('<meta charset="utf-8">');
    expect(html, "keeps the Korean title").toContain("국가 AI 컴퓨팅 센터");
  });

  it("escapes a title containing a script", () => {
    const html = summaryHtml(
      weekSummary([
        activity(STARGATE, { at: "2025-01-28T09:00:00.000Z" }, { title: "<script>alert('x')</script>" }),
      ]),
    );

    expect(html, "no script element").not.toContain("<script");
    expect(html, "the title, escaped").toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  });

  it("draws new money by country as an inline SVG bar chart", () => {
    expect(summaryHtml(seedWeek())).toMatch(
      /<figure><svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*role="img"/,
    );
  });

  it("does not make a link of a URL that is not http(s)", () => {
    const html = summaryHtml(
      weekSummary([
        activity(
          STARGATE,
          { at: "2025-01-28T09:00:00.000Z" },
          { sources: [{ url: "javascript:alert(1)", publisher: "X" }] },
        ),
      ]),
    );

    expect(html).not.toContain('href="javascript:');
  });
});

describe("barChart", () => {
  it("draws bars proportional to their values, a tiny one still visible", () => {
    const svg = barChart("chart", [
      { label: "US", value: "566736111111", text: "a" },
      { label: "FR", value: "283368055555.5", text: "b" },
      { label: "KR", value: "1", text: "c" },
    ]);

    expect([...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map((match) => match[1])).toEqual([
      "440",
      "219",
      "1",
    ]);
  });

  it("escapes its labels", () => {
    expect(barChart("<t>", [{ label: "<x>", value: "1", text: "&" }])).not.toMatch(
      /<x>|<t>|&(?!amp;|lt;|gt;)/,
    );
  });
});
