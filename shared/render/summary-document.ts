/**
 * A summary as a small, format-neutral document (headings, paragraphs, lists, a chart), so that Markdown and
 * HTML say exactly the same things and each renderer only has to escape and lay out.
 */
import type { Summary, SummaryCommitment, SummaryRevision, SummaryTotals } from "../domain/summary.ts";
import {
  announced,
  figure,
  groupDigits,
  longDate,
  moneyRange,
  monthName,
  plural,
  rateText,
  signedCount,
  totalsChange,
  totalsFigure,
  usdFigure,
  utcMinute,
} from "./format.ts";

export type Inline = string | { strong: string } | { em: string } | { link: string; text: string };
export type Line = Inline[];
export interface Bar {
  label: string;
  /** Whole USD, the bar's length. */
  value: string;
  text: string;
}
export type Block =
  | { kind: "heading"; text: string }
  | { kind: "paragraph"; line: Line }
  | { kind: "list"; items: Line[]; ordered: boolean }
  | { kind: "note"; line: Line }
  | { kind: "chart"; title: string; bars: Bar[] };

export interface SummaryDocument {
  title: string;
  subtitle: Line;
  blocks: Block[];
}

const heading = (text: string): Block => ({ kind: "heading", text });
const paragraph = (...line: Line): Block => ({ kind: "paragraph", line });
const note = (...line: Line): Block => ({ kind: "note", line });
const list = (items: Line[], ordered = false): Block => ({ kind: "list", items, ordered });

/** "at least US$565,000,000,000, plus up to US$1,736,111,111 across 3 commitments (1 unconverted, …)". */
function totalsText(totals: SummaryTotals): string {
  const unconverted =
    totals.unconverted === "0"
      ? ""
      : ` (${groupDigits(totals.unconverted)} unconverted, not in the USD sums)`;
  return `${totalsFigure(totals)} across ${plural(totals.count, "commitment")}${unconverted}`;
}

/** "+US$393,270,000,000, +3 commitments". */
function changeText(totals: SummaryTotals): string {
  const unconverted = totals.unconverted === "0" ? "" : `, ${signedCount(totals.unconverted)} unconverted`;
  const count = signedCount(totals.count);
  return `${totalsChange(totals)}, ${count} ${count.replace(/^[+-]/, "") === "1" ? "commitment" : "commitments"}${unconverted}`;
}

function sourceLinks(sources: SummaryCommitment["sources"]): Line {
  const line: Line = [];
  sources.forEach((source, index) => {
    if (index > 0) line.push(", ");
    line.push({ link: source.url, text: source.publisher ?? source.title ?? hostOf(source.url) });
  });
  return line;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function figureOf(entry: SummaryCommitment): string {
  if (!entry.amount) return "no figure stated";
  const stated = figure(entry.amount);
  if (entry.amount.currency === "USD") return stated;
  if (!entry.amountUsd)
    return `${stated} (not converted: no ${entry.amount.currency} rate on or before the announcement)`;
  return `${stated} (${usdFigure(entry.amountUsd, entry.amount.qualifier)} at ${rateText(entry.amountUsd.rate)})`;
}

function commitmentLine(entry: SummaryCommitment, word: string): Line {
  const line: Line = [
    { strong: entry.title },
    ` — ${figureOf(entry)} · ${entry.country} · ${entry.categories.join(", ")} · ${entry.confidence}`,
    ` · announced ${announced(entry.announcedOn, entry.announcedOnPrecision)}`,
  ];
  if (entry.newlyTracked) line.push(` (newly tracked: announced before the ${word} began)`);
  if (entry.status !== "announced") line.push(` · status: ${entry.status}`);
  if (entry.notCountedBecause === "part-of-parent")
    line.push(
      " · part of ",
      { em: entry.parentTitle ?? entry.parentId ?? "a larger commitment" },
      ": counted through it, not added again",
    );
  if (entry.sources.length > 0) line.push(" · sources: ", ...sourceLinks(entry.sources));
  return line;
}

function revisionLine(entry: SummaryRevision): Line {
  const changes: string[] = [];
  if (entry.change === "deleted") {
    const was = entry.amount?.from;
    changes.push(was ? `deleted (it stood at ${figure(was)})` : "deleted");
  } else {
    if (entry.amount)
      changes.push(
        `figure ${entry.amount.from ? figure(entry.amount.from) : "none"} → ${entry.amount.to ? figure(entry.amount.to) : "none"}`,
      );
    else if (entry.amountUsd) {
      const usd = (value: SummaryCommitment["amountUsd"]) =>
        value ? moneyRange("USD", value.low, value.high) : "unconverted";
      changes.push(`USD figure ${usd(entry.amountUsd.from)} → ${usd(entry.amountUsd.to)} (re-converted)`);
    }
    if (entry.status) changes.push(`status ${entry.status.from ?? "none"} → ${entry.status.to ?? "none"}`);
  }
  if (entry.change === "cover") changes.push(entry.note ?? "moved by its whole's change");
  const moved = entry.moneyChange.count !== "0" || Object.keys(entry.moneyChange.byQualifier).length > 0;
  const effect = moved
    ? ` (${totalsChange(entry.moneyChange)} in the totals)`
    : entry.amountUsd && !entry.counted
      ? " (counted through its parent: totals unchanged)"
      : "";
  const line: Line = [
    { strong: entry.title },
    ` (v${entry.version}, ${utcMinute(entry.at)}): ${changes.join("; ")}${effect}`,
    ` · announced ${announced(entry.announcedOn, entry.announcedOnPrecision)}`,
  ];
  if (entry.note && entry.change !== "cover") line.push(" · ", { em: entry.note });
  if (entry.source) line.push(" · source: ", ...sourceLinks([entry.source]));
  else if (entry.sources.length > 0) line.push(" · sources: ", ...sourceLinks(entry.sources));
  return line;
}

function groupLines(rows: Summary["newMoney"]["byCountry"]): Line[] {
  return rows.map((row) => [
    { strong: row.key },
    `: ${totalsFigure(row)} (${plural(row.count, "commitment")}${row.unconverted === "0" ? "" : `, ${groupDigits(row.unconverted)} unconverted`})`,
  ]);
}

/** The sections about what happened: new commitments, revisions, top 5, new money by country and category. */
function activityBlocks(summary: Summary, word: string): Block[] {
  const { newMoney } = summary;
  const blocks: Block[] = [];
  blocks.push(heading("New commitments"));
  blocks.push(
    summary.newCommitments.length > 0
      ? list(summary.newCommitments.map((entry) => commitmentLine(entry, word)))
      : paragraph(`No new commitments this ${word}.`),
  );

  blocks.push(heading("Revisions"));
  blocks.push(
    summary.revisions.length > 0
      ? list(summary.revisions.map(revisionLine))
      : paragraph(`No revisions of a figure or a status this ${word}.`),
  );

  blocks.push(heading("Top 5 new by USD"));
  blocks.push(
    summary.top.length > 0
      ? list(
          summary.top.map((entry) => [
            { strong: entry.title },
            ` — ${entry.amount ? usdFigure({ low: entry.usdLow, high: entry.usdHigh }, entry.amount.qualifier) : moneyRange("USD", entry.usdLow, entry.usdHigh)}`,
          ]),
          true,
        )
      : paragraph("No new commitment with a USD figure."),
  );

  blocks.push(heading("New money by country"));
  if (newMoney.byCountry.length === 0) blocks.push(paragraph("None."));
  else {
    const bars = newMoney.byCountry
      .map((row) => ({ label: row.key, value: row.usdHigh ?? row.usdLow, text: totalsFigure(row) }))
      .filter((bar) => bar.value !== "0");
    if (bars.length > 0)
      blocks.push({
        kind: "chart",
        title: "New money by country (US$: the ceiling, or the floor when open)",
        bars,
      });
    blocks.push(list(groupLines(newMoney.byCountry)));
  }

  blocks.push(heading("New money by category"));
  if (newMoney.byCategory.length === 0) blocks.push(paragraph("None."));
  else {
    blocks.push(list(groupLines(newMoney.byCategory)));
    blocks.push(
      note("A commitment in several categories counts in each, so these can add up to more than the total."),
    );
  }
  return blocks;
}

/** The document every rendering of a summary is made from. */
export function summaryDocument(summary: Summary): SummaryDocument {
  const word = summary.period === "weekly" ? "week" : "month";
  const span =
    summary.period === "weekly"
      ? `${longDate(summary.start)} to ${longDate(new Date(Date.parse(summary.end) - 1).toISOString())} (UTC)`
      : `${monthName(summary.start)} (UTC)`;
  const subtitle: Line = summary.final
    ? [`${span} · final`]
    : [
        `${span} · `,
        { strong: "provisional" },
        `: the ${word} is not over; figures as of ${utcMinute(summary.generatedAt)}`,
      ];

  const { headline, newMoney } = summary;
  const parts = summary.newCommitments.filter((entry) => entry.notCountedBecause === "part-of-parent").length;
  const blocks: Block[] = [];
  if (headline.empty)
    blocks.push(
      paragraph({
        strong: `Nothing changed in the ledger this ${word}: no new commitments and no revisions of a figure or a status.`,
      }),
    );
  else {
    const counted = `${plural(newMoney.total.count, "counted commitment")}${parts > 0 ? `; ${plural(parts, "part")} of larger commitments not added again` : ""}${newMoney.total.unconverted === "0" ? "" : `; ${groupDigits(newMoney.total.unconverted)} unconverted`}`;
    blocks.push(
      paragraph(
        {
          strong: `${plural(headline.newCommitments, "new commitment")}, ${plural(headline.revisions, "revision")}.`,
        },
        ` New money: ${totalsFigure(newMoney.total)} (${counted}).`,
      ),
    );
  }
  blocks.push(
    paragraph(
      `Ledger total at the end of the ${word}${summary.final ? "" : " so far"}: ${totalsText(summary.cumulative.atEnd)}.`,
    ),
  );

  // An empty period says so once, then only how it compares: empty sections would repeat it.
  if (!headline.empty) blocks.push(...activityBlocks(summary, word));

  blocks.push(heading("Cumulative totals"));
  blocks.push(
    list([
      [`At the start, ${utcMinute(summary.start)}: ${totalsText(summary.cumulative.atStart)}`],
      [`New commitments: ${changeText(summary.cumulative.new)}`],
      [`Revisions: ${changeText(summary.cumulative.revised)}`],
      [`Deletions: ${changeText(summary.cumulative.deleted)}`],
      [
        `At the end${summary.final ? "" : " (so far)"}, ${utcMinute(summary.end)}: ${totalsText(summary.cumulative.atEnd)}`,
      ],
    ]),
  );
  for (const correction of summary.corrections)
    blocks.push(
      note(
        `Corrected ${utcMinute(correction.at)}: this summary was regenerated from the ledger because its earlier figures did not reconcile.`,
      ),
    );

  blocks.push(heading(`Change against the previous ${word} (${summary.change.previous.key.split("/")[1]})`));
  blocks.push(
    list([
      [`This ${word}: ${changeText(summary.change.thisPeriod)}`],
      [`The previous ${word}: ${changeText(summary.change.previousPeriod)}`],
      [`Difference: ${changeText(summary.change.difference)}`],
    ]),
  );
  blocks.push(
    note(
      "Every confidence is counted (official, reported, estimate). A part of a larger commitment counts only through it; records without an exchange rate are counted as unconverted, never dropped.",
    ),
  );

  return {
    title: `${summary.period === "weekly" ? "Weekly" : "Monthly"} summary ${summary.label}`,
    subtitle,
    blocks,
  };
}
