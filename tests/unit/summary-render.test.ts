import { describe, expect, it } from "vitest";
import { addColumns, ledgerColumns } from "../../shared/domain/aggregates.ts";
import { barChart, MIN_BAR_PERCENT, summaryHtml } from "../../shared/render/summary-html.ts";
import { escapeMarkdown, summaryMarkdown } from "../../shared/render/summary-markdown.ts";
import { activity, usd, weekSummary } from "../support/summary-fixtures.ts";

const ORIGIN = "https://tracker.example";
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

describe("summaryMarkdown", () => {
  it("names each new commitment with its figure in words, its rate, its date and its sources as links", () => {
    const markdown = summaryMarkdown(seedWeek(), { origin: ORIGIN });

    expect(markdown).toContain(
      `- **[국가 AI 컴퓨팅 센터](${ORIGIN}/#/commitments/${KOREA})** — up to ₩2.5T ≈ US$1.74B at ₩1,440/US$, implied rate · South Korea · Data centers · Official statement · announced 22 Jan 2025 (newly tracked: announced before the week began) · sources: [IT동아](https://it.donga.com/108400/) · [record (JSON)](${ORIGIN}/commitments/${KOREA})`,
    );
  });

  it("writes a range as low–high", () => {
    expect(summaryMarkdown(seedWeek())).toContain(
      `**[Meta AI infrastructure 2025](/#/commitments/${META})** — US$60B–65B`,
    );
  });

  it("opens with the week, its status, a headline to quote and the figures behind it", () => {
    const lines = summaryMarkdown(seedWeek()).split("\n\n").slice(0, 4);

    expect(lines).toEqual([
      "# Weekly summary: Week 5 of 2025",
      "27 Jan – 2 Feb 2025 (UTC) · final",
      "**At least US$560B in new commitments this week, plus up to US$1.74B.**",
      "3 new commitments, 0 revisions. New money: at least US$560B, plus up to US$1.74B (3 counted commitments).",
    ]);
  });

  it("says a part counts on its own when its whole states no figure", () => {
    expect(summaryMarkdown(seedWeek())).toContain(
      "A part of a larger commitment counts only through it, or on its own when the whole states no figure;",
    );
  });

  it("gives a country whose figures have no exchange rate no US$ figure, not US$0", () => {
    const france = activity(
      "cmt_01JJ0000000000000000000004",
      { at: "2025-01-30T10:00:00.000Z" },
      { title: "France AI summit pledges", country: "FR", amountUsd: null },
    );
    expect(summaryMarkdown(weekSummary([france]))).toContain(
      "- **France**: no US$ figure (1 commitment, 1 unconverted)",
    );
  });

  it("says plainly that an empty week is empty", () => {
    expect(summaryMarkdown(weekSummary([]))).toContain("**Nothing changed in the ledger this week.**");
  });

  it("leaves the empty sections out of an empty week", () => {
    const headings = summaryMarkdown(weekSummary([]))
      .split("\n")
      .filter((line) => line.startsWith("## "));

    expect(headings).toEqual([
      "## Cumulative totals",
      "## Change against the previous week (Week 4 of 2025)",
    ]);
  });

  it("marks a provisional summary as such", () => {
    expect(
      summaryMarkdown(weekSummary([], { final: false, generatedAt: "2025-01-30T12:00:00.000Z" })),
    ).toContain("**provisional**: the week is not over; figures as of 30 Jan 2025, 12:00 UTC");
  });

  it("says when a new commitment's figure was converted at a rate dated long before it", () => {
    const korea = seedActivity()[1] as ReturnType<typeof activity>;
    const amountUsd = korea.snapshot.amountUsd && { ...korea.snapshot.amountUsd, stale: true };
    const later = { ...korea, snapshot: { ...korea.snapshot, announcedOn: "2025-06-02", amountUsd } };

    expect(summaryMarkdown(weekSummary([later]))).toContain(
      "up to ₩2.5T ≈ US$1.74B at ₩1,440/US$, implied rate (a rate of 22 Jan 2025, dated more than 31 days before the announcement)",
    );
  });

  it("keeps the qualifier of a figure re-converted at a new rate", () => {
    const converted = (unitsPerUsd: string, version: number, value: string) => ({
      low: value,
      high: value,
      rate: { ...KRW_RATE, unitsPerUsd, kind: "market" as const, version },
      stale: false,
    });
    const from = converted("1440", 1, "1736111111");
    const to = converted("1450", 2, "1724137931");
    const korea = {
      title: "국가 AI 컴퓨팅 센터",
      announcedOn: "2025-01-22",
      country: "KR",
      amount: { currency: "KRW", low: "2500000000000", high: "2500000000000", qualifier: "up-to" as const },
    };
    const reconverted = activity(
      KOREA,
      { at: "2025-01-29T10:00:00.000Z", version: 2, change: "updated", fields: { amountUsd: { from, to } } },
      { ...korea, amountUsd: to },
    );
    const atStart = ledgerColumns({ ...korea, amountUsd: from, confidence: "official" });
    const atEnd = ledgerColumns({ ...korea, amountUsd: to, confidence: "official" });
    const summary = weekSummary([reconverted], { ledger: { atPreviousStart: atStart, atStart, atEnd } });

    expect(summaryMarkdown(summary)).toContain("US$ figure up to US$1.74B → up to US$1.72B (re-converted)");
    expect(summary.revisions.map((revision) => revision.qualifier)).toEqual(["up-to"]);

    // Any other revision carries no qualifier, so a summary stored before it was kept hashes as it did.
    const statusChange = activity(
      KOREA,
      {
        at: "2025-01-29T11:00:00.000Z",
        version: 3,
        change: "updated",
        fields: { status: { from: "announced", to: "planned" } },
      },
      { ...korea, amountUsd: to },
    );
    const other = weekSummary([statusChange], { ledger: { atPreviousStart: atEnd, atStart: atEnd, atEnd } });
    expect(other.revisions.map((revision) => "qualifier" in revision)).toEqual([false]);
  });

  it("escapes markup in titles and keeps parentheses and backslashes in a link's URL from ending it", () => {
    const markdown = summaryMarkdown(
      weekSummary([
        activity(
          STARGATE,
          { at: "2025-01-28T09:00:00.000Z" },
          {
            title: "*Big* [deal] <b>",
            sources: [
              { url: "https://example.com/a_(b)", publisher: "Ex" },
              { url: "https://example.com/c\\", publisher: "Back" },
            ],
          },
        ),
      ]),
    );

    expect(markdown, "the escaped title").toContain("**[\\*Big\\* \\[deal\\] \\<b\\>](");
    expect(markdown, "the escaped link").toContain("(https://example.com/a_%28b%29)");
    expect(markdown, "a trailing backslash").toContain("[Back](https://example.com/c%5C)");
  });

  it("escapes every character Markdown reads as markup", () => {
    expect(escapeMarkdown("a*b_c`d[e]f<g>h|i~j#k\\l&m!n")).toBe(
      "a\\*b\\_c\\`d\\[e\\]f\\<g\\>h\\|i\\~j\\#k\\\\l\\&m\\!n",
    );
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

  it("draws new money by country as an SVG chart as wide as the page, with no fixed width", () => {
    const svg = /<svg [^>]*>/.exec(summaryHtml(seedWeek()))?.[0] ?? "";

    expect({
      role: svg.includes('role="img"'),
      width: /width="([^"]+)"/.exec(svg)?.[1],
      viewBox: svg.includes("viewBox"),
    }).toEqual({
      role: true,
      width: "100%",
      viewBox: false,
    });
  });

  it("links each commitment to its dashboard page and its record, on the origin given", () => {
    const html = summaryHtml(seedWeek(), { origin: ORIGIN });

    expect(html, "the dashboard page").toContain(`<a href="${ORIGIN}/#/commitments/${KOREA}" lang="ko"`);
    expect(html, "the API record").toContain(`<a href="${ORIGIN}/commitments/${KOREA}"`);
  });

  it("puts every digit and the rate's source one hover away from a short figure", () => {
    expect(summaryHtml(seedWeek())).toContain(
      '<abbr title="up to ₩2,500,000,000,000 ≈ US$1,736,111,111 at ₩1,440/US$ (implied rate of 2025-01-22: IT동아, rounded)">up to ₩2.5T ≈ US$1.74B at ₩1,440/US$, implied rate</abbr>',
    );
  });

  it("shares the headline: description, Open Graph and Twitter card, canonical link", () => {
    const head = summaryHtml(seedWeek(), { origin: ORIGIN }).split("</head>")[0] ?? "";
    const content = (attribute: string, name: string) =>
      new RegExp(`<meta ${attribute}="${name}" content="([^"]*)">`).exec(head)?.[1];
    const headline = "At least US$560B in new commitments this week, plus up to US$1.74B";

    expect({
      description: content("name", "description"),
      ogTitle: content("property", "og:title"),
      ogDescription: content("property", "og:description"),
      ogUrl: content("property", "og:url"),
      card: content("name", "twitter:card"),
      twitterDescription: content("name", "twitter:description"),
      canonical: /<link rel="canonical" href="([^"]*)">/.exec(head)?.[1],
    }).toEqual({
      description: headline,
      ogTitle: "Weekly summary: Week 5 of 2025",
      ogDescription: headline,
      ogUrl: `${ORIGIN}/summaries/weekly/2025-W05?format=html`,
      card: "summary",
      twitterDescription: headline,
      canonical: `${ORIGIN}/summaries/weekly/2025-W05?format=html`,
    });
  });

  it("names countries and categories instead of their codes", () => {
    const html = summaryHtml(seedWeek());

    expect(html, "a country's name").toContain("<strong>South Korea</strong>");
    expect(html, "a category's name").toContain("<strong>Data centers</strong>");
    expect(html, "no category slug").not.toContain("data-center");
  });

  it("does not make a link of a URL that is not http(s)", () => {
    const html = summaryHtml(
      weekSummary([
        activity(
          STARGATE,
          { at: "2025-01-28T09:00:00.000Z" },
          {
            sources: [
              { url: "javascript:alert(1)", publisher: "X" },
              { url: "//evil.example/x", publisher: "Y" },
            ],
          },
        ),
      ]),
    );

    expect(html, "javascript:").not.toContain('href="javascript:');
    expect(html, "another host, protocol-relative").not.toContain('href="//evil.example');
  });
});

describe("control characters in titles", () => {
  const hostile = () =>
    weekSummary([
      activity(
        STARGATE,
        { at: "2025-01-28T09:00:00.000Z" },
        { title: "Stargate\r# Injected heading\r\n- item\u2028end" },
      ),
    ]);

  it("keep a Markdown title on its line: a lone carriage return starts no block", () => {
    const markdown = summaryMarkdown(hostile());

    expect(markdown.split("\n").filter((line) => /^#|^- item/.test(line))).toEqual([
      "# Weekly summary: Week 5 of 2025",
      "## New commitments",
      "## Revisions",
      "## Largest new commitments, in US$",
      "## New money by country",
      "## New money by category",
      "## Cumulative totals",
      "## Change against the previous week (Week 4 of 2025)",
    ]);
    expect(markdown, "no carriage return at all").not.toMatch(/[\r\u2028]/);
  });

  it("collapse into spaces in the HTML", () => {
    expect(summaryHtml(hostile())).toContain("<strong>Stargate # Injected heading - item end</strong>");
  });
});

describe("barChart", () => {
  const bars = [
    { label: "United States", floor: "560000000000", ceiling: null, text: "at least US$560B", exact: "a" },
    { label: "France", floor: "100000000000", ceiling: "109000000000", text: "US$100B–109B", exact: "b" },
    { label: "South Korea", floor: "0", ceiling: "1736111111", text: "up to US$1.74B", exact: "c" },
  ];
  const widths = (svg: string, part: string) =>
    [...svg.matchAll(new RegExp(`<rect class="${part}" x="([^"]+)" [^>]*width="([^"]+)"`, "g"))].map(
      (match) => [match[1], match[2]],
    );

  it("draws floors to scale in percent of the chart's width, the ceiling's part after them", () => {
    const svg = barChart("chart", bars);

    expect(widths(svg, "floor"), "floors").toEqual([
      ["0", "100%"],
      ["0", "17.85%"],
    ]);
    expect(widths(svg, "ceiling"), "ceilings").toEqual([
      ["17.85%", "1.6%"],
      ["0%", "1%"],
    ]);
  });

  it("keeps a tiny value visible at the minimum width, its figure written above it", () => {
    const svg = barChart("chart", bars);

    expect(widths(svg, "ceiling").at(-1)?.[1], "Korea's 0.31 % drawn at").toBe(`${MIN_BAR_PERCENT}%`);
    expect(svg, "its figure").toContain(">up to US$1.74B</text>");
  });

  it("escapes its labels", () => {
    expect(barChart("<t>", [{ label: "<x>", floor: "1", ceiling: "1", text: "&", exact: '"' }])).not.toMatch(
      /<x>|<t>|&(?!amp;|lt;|gt;|quot;)/,
    );
  });
});
