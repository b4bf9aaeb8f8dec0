/**
 * A summary's headline, quotable as it stands: "At least US$565B in new commitments this week, plus up to
 * US$1.74B". Computed from the summary's own figures, so its qualifiers are the ledger's: a floor is "at least",
 * what is only a ceiling is "up to", and a bare figure only when every figure in it is exact.
 */
import { countText } from "./numbers.ts";
import { type TotalsLike, totalParts } from "./totals.ts";

/** What a headline is made from: the `headline` of a stored summary or of a listing entry. */
export interface HeadlineLike {
  empty: boolean;
  newCommitments: number;
  revisions: number;
  newMoney: TotalsLike & { count: string | number; unconverted?: string | number | undefined };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "this week", "this month", "this week so far" (a provisional summary). */
function when(period: string, final: boolean): string {
  return `this ${period === "monthly" ? "month" : "week"}${final ? "" : " so far"}`;
}

/** The revisions, as the headline's tail: "; 2 revisions". */
function revisionsTail(headline: HeadlineLike): string {
  return headline.revisions > 0 ? `; ${countText(headline.revisions, "revision")}` : "";
}

/** The commitments whose figure has no exchange rate: counted, but in no US$ sum. */
function unconvertedTail(headline: HeadlineLike): string {
  const unconverted = String(headline.newMoney.unconverted ?? "0");
  return unconverted === "0" ? "" : `, and ${countText(unconverted, "more")} not converted to US$`;
}

/**
 * One sentence a reader can quote: "At least US$565B in new commitments this week, plus up to US$1.74B";
 * "Up to US$1.74B in new commitments this month"; "No new commitments this week; 2 revisions";
 * "Nothing changed in the ledger this week".
 */
export function headlineText(headline: HeadlineLike, period: string, final = true): string {
  const now = when(period, final);
  if (headline.empty) return `Nothing changed in the ledger ${now}`;
  if (headline.newCommitments === 0) return `No new commitments ${now}${revisionsTail(headline)}`;
  const { main, upTo } = totalParts(headline.newMoney);
  const tail = `${unconvertedTail(headline)}${revisionsTail(headline)}`;
  if (main) return `${capitalise(main)} in new commitments ${now}${upTo ? `, plus ${upTo}` : ""}${tail}`;
  if (upTo) return `${capitalise(upTo)} in new commitments ${now}${tail}`;
  const count = countText(headline.newCommitments, "new commitment");
  return `${capitalise(count)} ${now}, none adding a US$ figure${revisionsTail(headline)}`;
}
