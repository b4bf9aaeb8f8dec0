/** Text for figures, rates and dates, shared by every rendering: decimal strings in, words out, never a float. */
import type { Amount, AmountUsd, Commitment, FxRateUsed } from "../commitments/schema.ts";
import { addSigned, negate } from "../domain/decimal.ts";
import { MONTHS } from "../format/dates.ts";

/** "1736111111" → "1,736,111,111"; "-1.5" → "-1.5"; fractions are left as they are. */
export function groupDigits(value: string): string {
  const negative = value.startsWith("-");
  const [whole = "0", fraction] = (negative ? value.slice(1) : value).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
}

const prefix = (currency: string) => (currency === "USD" ? "US$" : `${currency} `);

/** "US$65,000,000,000", "KRW 2,500,000,000,000"; a negative sum as "-US$…". */
export function money(currency: string, value: string): string {
  const negative = value.startsWith("-");
  return `${negative ? "-" : ""}${prefix(currency)}${groupDigits(negative ? value.slice(1) : value)}`;
}

/** One figure or a range of two: "US$75,000,000,000", "US$60,000,000,000–65,000,000,000". */
export function moneyRange(currency: string, low: string, high: string): string {
  return low === high ? money(currency, high) : `${money(currency, low)}–${groupDigits(high)}`;
}

const QUALIFIER_WORDS: Record<Amount["qualifier"], string> = {
  exact: "",
  approximately: "about ",
  "at-least": "at least ",
  "up-to": "up to ",
  range: "",
};

/** A figure as announced, with its qualifier in words: "at least US$500,000,000,000", "up to KRW 2,500,000,000,000". */
export function figure(amount: Pick<Amount, "currency" | "low" | "high" | "qualifier">): string {
  return `${QUALIFIER_WORDS[amount.qualifier]}${moneyRange(amount.currency, amount.low, amount.high)}`;
}

/** The USD figure with the same qualifier: "about US$75,000,000,000". */
export function usdFigure(usd: Pick<AmountUsd, "low" | "high">, qualifier: Amount["qualifier"]): string {
  return `${QUALIFIER_WORDS[qualifier]}${moneyRange("USD", usd.low, usd.high)}`;
}

/** "1 EUR = 1.03 USD, rate of 2025-02-10 (ECB)" or "1,440 KRW per USD, rate of 2025-01-22 (…)". */
export function rateText(rate: FxRateUsed): string {
  const value = rate.unitsPerUsd
    ? `${groupDigits(rate.unitsPerUsd)} ${rate.currency} per USD`
    : `1 ${rate.currency} = ${groupDigits(rate.usdPerUnit ?? "1")} USD`;
  return `${value}${rate.date ? `, rate of ${rate.date}` : ""}${rate.source ? ` (${rate.source})` : ""}`;
}

/** "+US$10,000,000,000", "-US$5", "US$0". */
export function signedUsd(value: string): string {
  if (/^-?0(\.0+)?$/.test(value)) return "US$0";
  return value.startsWith("-") ? money("USD", value) : `+${money("USD", value)}`;
}

/** "+3", "-1", "0". */
export function signedCount(value: string): string {
  return value.startsWith("-") || /^0+$/.test(value) ? value : `+${value}`;
}

/** "1 commitment", "3 commitments". */
export function plural(count: string | number, singular: string, pluralForm = `${singular}s`): string {
  return `${groupDigits(String(count))} ${String(count) === "1" ? singular : pluralForm}`;
}

/** An announcement date at its precision: "2025-02-04", "2025-02", "2025-Q1", "2025". */
export function announced(date: string, precision: Commitment["announcedOnPrecision"]): string {
  if (precision === "day") return date;
  if (precision === "month") return date.slice(0, 7);
  if (precision === "year") return date.slice(0, 4);
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** "Monday 10 February 2025", from an ISO instant, in UTC. */
export function longDate(instant: string): string {
  const date = new Date(instant);
  return `${WEEKDAY_NAMES[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "February 2025". */
export function monthName(instant: string): string {
  const date = new Date(instant);
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "2025-02-10 00:00 UTC". */
export function utcMinute(instant: string): string {
  return `${instant.slice(0, 10)} ${instant.slice(11, 16)} UTC`;
}

/** Only http(s) links are ever rendered as links; anything else stays text. */
export function isWebLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:";
  } catch {
    return false;
  }
}

/** What a total needs to be told in words: the floor, the ceiling (null when open) and the qualifiers' own sums. */
interface TotalsLike {
  usdLow: string;
  usdHigh: string | null;
  openEnded: string;
  byQualifier: Partial<Record<Amount["qualifier"], { count: string; usdLow: string; usdHigh: string }>>;
}

/**
 * A total with its qualifiers in words (SPEC 3.3): "at least US$565,000,000,000, plus up to US$1,736,111,111",
 * "about US$80,000,000,000", "US$60,000,000,000–65,000,000,000"; a bare figure only when every figure is exact.
 */
export function totalsFigure(totals: TotalsLike): string {
  const q = totals.byQualifier;
  const upTo = q["up-to"];
  const others = (Object.keys(q) as Amount["qualifier"][]).filter((qualifier) => qualifier !== "up-to");
  const parts: string[] = [];
  if (others.length > 0) {
    if (totals.usdHigh === null) parts.push(`at least ${money("USD", totals.usdLow)}`);
    else {
      const ceiling = upTo ? addSigned(totals.usdHigh, negate(upTo.usdHigh)) : totals.usdHigh;
      const about = others.includes("approximately") ? "about " : "";
      parts.push(`${about}${moneyRange("USD", totals.usdLow, ceiling)}`);
    }
  }
  if (upTo) parts.push(`up to ${money("USD", upTo.usdHigh)}`);
  return parts.length > 0 ? parts.join(", plus ") : money("USD", "0");
}

/** A signed change of a total: "+US$500,000,000,000 in the floor, +1 open-ended" or "-US$5 in the floor and ceiling". */
export function totalsChange(totals: TotalsLike): string {
  if (totals.usdHigh !== null && totals.usdHigh === totals.usdLow && totals.openEnded === "0")
    return signedUsd(totals.usdLow);
  const ceiling =
    totals.usdHigh !== null
      ? `, ${signedUsd(totals.usdHigh)} in the ceiling`
      : `, ${signedCount(totals.openEnded)} open-ended (the ceiling stays open)`;
  return `${signedUsd(totals.usdLow)} in the floor${ceiling}`;
}
