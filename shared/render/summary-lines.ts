/**
 * The lines of a summary that speak of one commitment or one group: figures through shared/format (short, with
 * every digit one hover away), names instead of codes, and links to the record and its sources.
 */
import type { SummaryCommitment, SummaryRevision, SummaryTotals } from "../domain/summary.ts";
import { announcedText, dayText, instantText } from "../format/dates.ts";
import { categoryLabel, confidenceLabel, countryName, fxKindLabel, statusLabel } from "../format/labels.ts";
import { sourceName } from "../format/links.ts";
import {
  conversionText,
  exactFigure,
  exactMoneyRange,
  figure,
  rateText,
  usdFigure,
} from "../format/money.ts";
import { countText } from "../format/numbers.ts";
import { splitTotalText, totalChangeText } from "../format/totals.ts";

export type Inline =
  | string
  | { strong: string }
  | { em: string }
  | { link: string; text: string; strong?: boolean }
  /** A short figure whose every digit (and rate) is one hover away. */
  | { figure: string; exact: string };
export type Line = Inline[];

/** Where a commitment lives: its dashboard page and its API record, on the origin the summary was asked from. */
export interface Links {
  commitmentPage(id: string): string;
  commitmentRecord(id: string): string;
}

/** Links on `origin` ("https://tracker.example"), or relative to the page when it is not known. */
export function linksOn(origin = ""): Links {
  return {
    commitmentPage: (id) => `${origin}/#/commitments/${encodeURIComponent(id)}`,
    commitmentRecord: (id) => `${origin}/commitments/${encodeURIComponent(id)}`,
  };
}

type Amount = NonNullable<SummaryCommitment["amount"]>;
type AmountUsd = NonNullable<SummaryCommitment["amountUsd"]>;

/** A total with its qualifiers: "at least US$565B, plus up to US$1.74B", each digit on hover. */
export const totalFigure = (totals: SummaryTotals): Inline => ({
  figure: splitTotalText(totals),
  exact: splitTotalText(totals, { exact: true }),
});

/** A signed change of a total: "+US$500B in the floor, +1 open-ended". */
export const changeFigure = (totals: SummaryTotals): Inline => ({
  figure: totalChangeText(totals),
  exact: totalChangeText(totals, { exact: true }),
});

/** The exact figure and where its US$ figure comes from: "up to ₩2,500,000,000,000 ≈ US$1,736,111,111 at …". */
function exactConversion(amount: Amount, usd: AmountUsd | null): string {
  if (amount.currency === "USD" || !usd) return exactFigure(amount);
  const { rate } = usd;
  const provenance = [rate.kind ? fxKindLabel(rate.kind) : "rate", rate.date ? `of ${rate.date}` : ""]
    .filter(Boolean)
    .join(" ");
  const source = rate.source ? `: ${rate.source}` : "";
  return `${exactFigure(amount)} ≈ ${exactMoneyRange("USD", usd.low, usd.high)} at ${rateText(rate)} (${provenance}${source})`;
}

/** Said of a conversion whose rate is dated more than 31 days before the announcement (SPEC 2 `stale`). */
function staleWords(usd: AmountUsd | null): string {
  if (!usd?.stale) return "";
  const of = usd.rate.date ? ` of ${dayText(usd.rate.date)}` : "";
  return ` (a rate${of}, dated more than 31 days before the announcement)`;
}

/**
 * "up to ₩2.5T ≈ US$1.74B at ₩1,440/US$, implied rate", with every digit and the rate's source on hover, and
 * a word when the rate is stale, so a year-old rate is not read as the day's.
 */
export function amountFigure(amount: Amount | null, usd: AmountUsd | null): Inline {
  if (!amount) return "no figure stated";
  const stale = staleWords(usd);
  return {
    figure: `${conversionText(amount, usd)}${stale}`,
    exact: `${exactConversion(amount, usd)}${stale}`,
  };
}

/** The title as a link to its dashboard page, then a link to the record itself. */
function titleLinks(id: string, title: string, links: Links): Line {
  return [{ link: links.commitmentPage(id), text: title, strong: true }];
}

function recordLink(id: string, links: Links): Line {
  return [" · ", { link: links.commitmentRecord(id), text: "record (JSON)" }];
}

function sourceLinks(label: string, sources: SummaryCommitment["sources"]): Line {
  if (sources.length === 0) return [];
  const line: Line = [` · ${label}: `];
  sources.forEach((source, index) => {
    if (index > 0) line.push(", ");
    line.push({ link: source.url, text: sourceName(source) });
  });
  return line;
}

const where = (entry: SummaryCommitment) =>
  [
    countryName(entry.country),
    entry.categories.map(categoryLabel).join(", "),
    confidenceLabel(entry.confidence),
  ]
    .filter(Boolean)
    .join(" · ");

/** A new commitment: its title (linked), figure, place, kind, date, status, parent and sources. */
export function commitmentLine(entry: SummaryCommitment, word: string, links: Links): Line {
  const line: Line = [
    ...titleLinks(entry.id, entry.title, links),
    " — ",
    amountFigure(entry.amount, entry.amountUsd),
    ` · ${where(entry)} · announced ${announcedText(entry.announcedOn, entry.announcedOnPrecision)}`,
  ];
  if (entry.newlyTracked) line.push(` (newly tracked: announced before the ${word} began)`);
  if (entry.status !== "announced") line.push(` · ${statusLabel(entry.status)}`);
  if (entry.notCountedBecause === "part-of-parent")
    line.push(
      " · part of ",
      entry.parentId
        ? { link: links.commitmentPage(entry.parentId), text: entry.parentTitle ?? "a larger commitment" }
        : "a larger commitment",
      ": counted through it, not added again",
    );
  return [...line, ...sourceLinks("sources", entry.sources), ...recordLink(entry.id, links)];
}

const figureOrNone = (amount: Amount | null) => (amount ? figure(amount) : "none");
/** A US$ figure with the qualifier of the figure it converts: "up to US$1.74B". */
const usdOrNone = (usd: AmountUsd | null, qualifier: string | undefined) =>
  usd ? usdFigure(usd, qualifier ?? "exact") : "unconverted";

/** What a revision changed, in words: "figure up to ₩2.5T → up to ₩3T; status Announced → Planned". */
function changes(entry: SummaryRevision): string[] {
  if (entry.change === "deleted")
    return [entry.amount?.from ? `deleted (it stood at ${figure(entry.amount.from)})` : "deleted"];
  const said: string[] = [];
  if (entry.amount) said.push(`figure ${figureOrNone(entry.amount.from)} → ${figureOrNone(entry.amount.to)}`);
  else if (entry.amountUsd)
    said.push(
      `US$ figure ${usdOrNone(entry.amountUsd.from, entry.qualifier)} → ${usdOrNone(entry.amountUsd.to, entry.qualifier)} (re-converted)`,
    );
  if (entry.status) {
    const status = (value: string | null) => (value ? statusLabel(value) : "none");
    said.push(`status ${status(entry.status.from)} → ${status(entry.status.to)}`);
  }
  if (entry.change === "cover") said.push(entry.note ?? "moved by its whole's change");
  return said;
}

/** A revision: the commitment (linked), what changed, what that moved in the totals, and its source. */
export function revisionLine(entry: SummaryRevision, links: Links): Line {
  const moved = entry.moneyChange.count !== "0" || Object.keys(entry.moneyChange.byQualifier).length > 0;
  const line: Line = [
    ...titleLinks(entry.id, entry.title, links),
    ` (version ${entry.version}, ${instantText(entry.at)}): ${changes(entry).join("; ")}`,
  ];
  if (moved) line.push(" (", changeFigure(entry.moneyChange), " in the totals)");
  else if (entry.amountUsd && !entry.counted) line.push(" (counted through its parent: totals unchanged)");
  line.push(` · announced ${announcedText(entry.announcedOn, entry.announcedOnPrecision)}`);
  if (entry.note && entry.change !== "cover") line.push(" · ", { em: entry.note });
  const sources = entry.source
    ? sourceLinks("source", [entry.source])
    : sourceLinks("sources", entry.sources);
  return [...line, ...sources, ...recordLink(entry.id, links)];
}

/** "South Korea: up to US$1.74B (1 commitment)"; "France: no US$ figure (1 commitment, 1 unconverted)". */
export function groupLine(label: string, row: SummaryTotals): Line {
  const unconverted =
    row.unconverted === "0" ? "" : `, ${countText(row.unconverted, "unconverted", "unconverted")}`;
  // Figures with no exchange rate are in no US$ sum: a group of nothing else has no US$ figure, not US$0.
  const none =
    unconverted !== "" && /^0+$/.test(row.usdLow) && row.usdHigh !== null && /^0+$/.test(row.usdHigh);
  return [
    { strong: label },
    ": ",
    none ? "no US$ figure" : totalFigure(row),
    ` (${countText(row.count, "commitment")}${unconverted})`,
  ];
}

/** `byCountry` keys are ISO codes, `byCategory` keys slugs: each read as a name. */
export const groupLabel = { country: countryName, category: categoryLabel } as const;
