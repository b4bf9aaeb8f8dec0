/**
 * A summary as a small, format-neutral document (a headline, headings, paragraphs, lists, a chart), so that
 * Markdown and HTML say exactly the same things and each renderer only has to escape and lay out. Every figure,
 * name and date goes through shared/format.
 */
import type { Summary, SummaryTotals } from "../domain/summary.ts";
import { instantText, periodLabel, spanText } from "../format/dates.ts";
import { headlineText } from "../format/headline.ts";
import { exactUsdFigure, usdFigure } from "../format/money.ts";
import { countText, groupDigits, signedCount } from "../format/numbers.ts";
import {
  changeFigure,
  commitmentLine,
  groupLabel,
  groupLine,
  type Inline,
  type Line,
  type Links,
  linksOn,
  revisionLine,
  totalFigure,
} from "./summary-lines.ts";

export type { Inline, Line } from "./summary-lines.ts";

export interface Bar {
  label: string;
  /** Whole USD: what is at least there (0 when every figure is "up to"). */
  floor: string;
  /** Whole USD: the most it can be; null when an "at least" figure leaves it open. */
  ceiling: string | null;
  /** The figure in words, shown beside the bar: "at least US$565B, plus up to US$1.74B". */
  text: string;
  /** The same with every digit. */
  exact: string;
}
export type Block =
  | { kind: "heading"; text: string }
  | { kind: "paragraph"; line: Line }
  | { kind: "list"; items: Line[]; ordered: boolean }
  | { kind: "note"; line: Line }
  | { kind: "chart"; title: string; bars: Bar[] };

export interface SummaryDocument {
  /** "Weekly summary: Week 5 of 2025". */
  title: string;
  /** The sentence to quote (and the page's description). */
  headline: string;
  subtitle: Line;
  blocks: Block[];
}

export interface DocumentOptions {
  /** The origin links point to ("https://tracker.example"); relative links without it. */
  origin?: string | undefined;
}

const heading = (text: string): Block => ({ kind: "heading", text });
const paragraph = (...line: Line): Block => ({ kind: "paragraph", line });
const note = (...line: Line): Block => ({ kind: "note", line });
const list = (items: Line[], ordered = false): Block => ({ kind: "list", items, ordered });

/** "at least US$565B, plus up to US$1.74B across 3 commitments (1 unconverted, not in the US$ sums)". */
function totalsLine(totals: SummaryTotals): Line {
  const unconverted =
    totals.unconverted === "0"
      ? ""
      : ` (${groupDigits(totals.unconverted)} unconverted, not in the US$ sums)`;
  return [totalFigure(totals), ` across ${countText(totals.count, "commitment")}${unconverted}`];
}

/** "+US$393B, +3 commitments". */
function changeLine(totals: SummaryTotals): Line {
  const count = signedCount(totals.count);
  const word = totals.count.replace(/^-/, "") === "1" ? "commitment" : "commitments";
  const unconverted = totals.unconverted === "0" ? "" : `, ${signedCount(totals.unconverted)} unconverted`;
  return [changeFigure(totals), `, ${count} ${word}${unconverted}`];
}

/** Bars of new money by country: floor and ceiling apart, so an "up to" reads as what it is. */
function countryChart(summary: Summary): Block[] {
  const bars: Bar[] = summary.newMoney.byCountry
    .filter((row) => row.usdLow !== "0" || (row.usdHigh ?? "0") !== "0")
    .map((row) => {
      const { figure, exact } = totalFigure(row) as { figure: string; exact: string };
      return {
        label: groupLabel.country(row.key),
        floor: row.usdLow,
        ceiling: row.usdHigh,
        text: figure,
        exact,
      };
    });
  return bars.length === 0 ? [] : [{ kind: "chart", title: "New money by country, in US$", bars }];
}

/** The sections about what happened: new commitments, revisions, top 5, new money by country and category. */
function activityBlocks(summary: Summary, word: string, links: Links): Block[] {
  const { newMoney } = summary;
  const blocks: Block[] = [heading("New commitments")];
  blocks.push(
    summary.newCommitments.length > 0
      ? list(summary.newCommitments.map((entry) => commitmentLine(entry, word, links)))
      : paragraph(`No new commitments this ${word}.`),
  );

  blocks.push(heading("Revisions"));
  blocks.push(
    summary.revisions.length > 0
      ? list(summary.revisions.map((entry) => revisionLine(entry, links)))
      : paragraph(`No revisions of a figure or a status this ${word}.`),
  );

  blocks.push(heading("Largest new commitments, in US$"));
  blocks.push(
    summary.top.length > 0
      ? list(
          summary.top.map((entry): Line => {
            const usd = { low: entry.usdLow, high: entry.usdHigh };
            const qualifier = entry.amount?.qualifier ?? "exact";
            const value: Inline = {
              figure: usdFigure(usd, qualifier),
              exact: exactUsdFigure(usd, qualifier),
            };
            return [{ link: links.commitmentPage(entry.id), text: entry.title, strong: true }, " — ", value];
          }),
          true,
        )
      : paragraph("No new commitment with a US$ figure."),
  );

  blocks.push(heading("New money by country"));
  if (newMoney.byCountry.length === 0) blocks.push(paragraph("None."));
  else {
    blocks.push(...countryChart(summary));
    blocks.push(list(newMoney.byCountry.map((row) => groupLine(groupLabel.country(row.key), row))));
  }

  blocks.push(heading("New money by category"));
  if (newMoney.byCategory.length === 0) blocks.push(paragraph("None."));
  else {
    blocks.push(list(newMoney.byCategory.map((row) => groupLine(groupLabel.category(row.key), row))));
    blocks.push(
      note("A commitment in several categories counts in each, so these can add up to more than the total."),
    );
  }
  return blocks;
}

function ledgerBlocks(summary: Summary, word: string): Block[] {
  const soFar = summary.final ? "" : " (so far)";
  const blocks: Block[] = [
    heading("Cumulative totals"),
    list([
      [`At the start, ${instantText(summary.start)}: `, ...totalsLine(summary.cumulative.atStart)],
      ["New commitments: ", ...changeLine(summary.cumulative.new)],
      ["Revisions: ", ...changeLine(summary.cumulative.revised)],
      ["Deletions: ", ...changeLine(summary.cumulative.deleted)],
      [`At the end${soFar}, ${instantText(summary.end)}: `, ...totalsLine(summary.cumulative.atEnd)],
    ]),
  ];
  for (const correction of summary.corrections)
    blocks.push(
      note(
        `Corrected ${instantText(correction.at)}: this summary was regenerated from the ledger because its earlier figures did not reconcile.`,
      ),
    );
  const previous = summary.change.previous.key.split("/")[1] ?? summary.change.previous.key;
  blocks.push(heading(`Change against the previous ${word} (${periodLabel(summary.period, previous)})`));
  blocks.push(
    list([
      [`This ${word}: `, ...changeLine(summary.change.thisPeriod)],
      [`The previous ${word}: `, ...changeLine(summary.change.previousPeriod)],
      ["Difference: ", ...changeLine(summary.change.difference)],
    ]),
  );
  blocks.push(
    note(
      "Every confidence is counted (official, reported, estimate). A part of a larger commitment counts only through it, or on its own when the whole states no figure; records without an exchange rate are counted as unconverted, never dropped.",
    ),
  );
  return blocks;
}

/** The document every rendering of a summary is made from. */
export function summaryDocument(summary: Summary, options: DocumentOptions = {}): SummaryDocument {
  const links = linksOn(options.origin);
  const word = summary.period === "weekly" ? "week" : "month";
  const span = `${spanText(summary.start, summary.end)} (UTC)`;
  const subtitle: Line = summary.final
    ? [`${span} · final`]
    : [
        `${span} · `,
        { strong: "provisional" },
        `: the ${word} is not over; figures as of ${instantText(summary.generatedAt)}`,
      ];

  const { headline, newMoney } = summary;
  const parts = summary.newCommitments.filter((entry) => entry.notCountedBecause === "part-of-parent").length;
  const blocks: Block[] = [];
  if (!headline.empty) {
    const notAdded = parts > 0 ? `; ${countText(parts, "part")} of larger commitments not added again` : "";
    const unconverted =
      newMoney.total.unconverted === "0" ? "" : `; ${groupDigits(newMoney.total.unconverted)} unconverted`;
    blocks.push(
      paragraph(
        `${countText(headline.newCommitments, "new commitment")}, ${countText(headline.revisions, "revision")}. New money: `,
        totalFigure(newMoney.total),
        ` (${countText(newMoney.total.count, "counted commitment")}${notAdded}${unconverted}).`,
      ),
    );
  }
  blocks.push(
    paragraph(
      `Ledger total at the end of the ${word}${summary.final ? "" : " so far"}: `,
      ...totalsLine(summary.cumulative.atEnd),
      ".",
    ),
  );
  // An empty period says so once, in the headline, then only how it compares: empty sections would repeat it.
  if (!headline.empty) blocks.push(...activityBlocks(summary, word, links));
  blocks.push(...ledgerBlocks(summary, word));

  return {
    title: `${summary.period === "weekly" ? "Weekly" : "Monthly"} summary: ${periodLabel(summary.period, summary.label)}`,
    headline: headlineText(headline, summary.period, summary.final),
    subtitle,
    blocks,
  };
}
