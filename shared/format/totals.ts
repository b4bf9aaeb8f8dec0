/**
 * Totals in words (SPEC 3.3): a floor and a ceiling, and the qualifiers behind them, so a sum of "at least" and
 * "up to" figures never reads as one bare number.
 */
import { addSigned, compareDecimal, negate } from "../domain/decimal.ts";
import { exactMoney, exactMoneyRange, money, moneyRange, qualifierWords } from "./money.ts";
import { signedCount } from "./numbers.ts";

export interface QualifierTotals {
  count: string | number;
  usdLow: string;
  usdHigh: string | null;
}

/** A row of GET /totals. `openEnded` and `byQualifier` come with ledgers that keep floors and ceilings apart. */
export interface TotalsLike {
  usdLow: string;
  /** null when an "at least" figure leaves the ceiling open. */
  usdHigh: string | null;
  openEnded?: string | number | undefined;
  byQualifier?: Record<string, QualifierTotals> | undefined;
}

const QUALIFIER_ORDER = ["exact", "approximately", "range", "at-least", "up-to"] as const;

/** True when the ceiling is open: an "at least" figure is in the sum. */
export function isOpenEnded(row: TotalsLike): boolean {
  return row.usdHigh === null || (row.openEnded !== undefined && Number(row.openEnded) > 0);
}

/** Whether the row says which qualifiers it sums (rows of older servers do not). */
export function knowsQualifiers(row: TotalsLike): boolean {
  return row.byQualifier !== undefined || row.openEnded !== undefined;
}

function onlyExact(row: TotalsLike): boolean {
  return Object.entries(row.byQualifier ?? {}).every(
    ([qualifier, totals]) => qualifier === "exact" || Number(totals.count) === 0,
  );
}

function hasApproximate(row: TotalsLike): boolean {
  return Number(row.byQualifier?.approximately?.count ?? 0) > 0;
}

/**
 * A total as a headline: "at least US$565B" (open ceiling), "up to US$1.74B" (no floor), "US$80B–81.7B",
 * "about US$155B", "US$75B" (every figure exact). `exact` prints every digit instead.
 */
export function totalText(row: TotalsLike, { exact = false } = {}): string {
  const print = exact ? (value: string) => exactMoney("USD", value) : (value: string) => money("USD", value);
  const approx = hasApproximate(row) ? "about " : "";
  if (isOpenEnded(row)) return `at least ${print(row.usdLow)}`;
  const high = row.usdHigh ?? row.usdLow;
  if (isZero(row.usdLow) && !isZero(high)) return `up to ${print(high)}`;
  if (compareDecimal(row.usdLow, high) === 0) {
    const qualified = knowsQualifiers(row) && !onlyExact(row) ? approx : "";
    return `${qualified}${print(high)}`;
  }
  return `${approx}${exact ? exactMoneyRange("USD", row.usdLow, high) : moneyRange("USD", row.usdLow, high)}`;
}

/**
 * How a total is made, per qualifier, in the order a reader rebuilds a headline from: "US$75B exact (1)",
 * "at least US$565B (2)", "up to US$1.74B (1)". Empty when the row does not say.
 */
export function qualifierBreakdown(row: TotalsLike): string[] {
  const parts: string[] = [];
  for (const qualifier of QUALIFIER_ORDER) {
    const totals = row.byQualifier?.[qualifier];
    if (!totals || Number(totals.count) === 0) continue;
    const range = qualifierRange(qualifier, totals);
    const words = qualifier === "exact" ? `${range} exact` : `${qualifierWords(qualifier)}${range}`;
    parts.push(`${words} (${totals.count})`);
  }
  return parts;
}

/** The part of a qualifier's sum its words speak of: an "up to" its ceiling, an "at least" its floor. */
function qualifierRange(qualifier: string, totals: QualifierTotals): string {
  if (qualifier === "up-to") return money("USD", totals.usdHigh ?? totals.usdLow);
  if (
    qualifier === "at-least" ||
    totals.usdHigh === null ||
    compareDecimal(totals.usdLow, totals.usdHigh) === 0
  )
    return money("USD", totals.usdLow);
  return moneyRange("USD", totals.usdLow, totals.usdHigh);
}

function isZero(value: string): boolean {
  return /^0+(\.0+)?$/.test(value);
}

/** What a sum holds, told apart (SPEC 3.3): the part with a floor, and what is only a ceiling ("up to"). */
export interface TotalParts {
  /** "at least US$565B", "about US$80B", "US$60B–65B", "US$75B"; undefined when every figure is "up to". */
  main?: string;
  /** "up to US$1.74B": the "up to" figures, which have no floor. */
  upTo?: string;
}

/**
 * A total split so that no qualifier is lost: what is at least (or about, or exactly) there, and apart from it
 * what is only a ceiling. `exact` prints every digit.
 */
export function totalParts(row: TotalsLike, { exact = false } = {}): TotalParts {
  const print = exact ? (value: string) => exactMoney("USD", value) : (value: string) => money("USD", value);
  const range = exact ? exactMoneyRange : moneyRange;
  const counted = (qualifier: string) => Number(row.byQualifier?.[qualifier]?.count ?? 0) > 0;
  const upTo = row.byQualifier?.["up-to"];
  const others = QUALIFIER_ORDER.filter((qualifier) => qualifier !== "up-to" && counted(qualifier));
  const parts: TotalParts = {};
  if (others.length > 0) {
    if (isOpenEnded(row)) parts.main = `at least ${print(row.usdLow)}`;
    else {
      const high = row.usdHigh ?? row.usdLow;
      const ceiling = upTo && counted("up-to") ? subtract(high, upTo.usdHigh ?? "0") : high;
      const about = counted("approximately") ? "about " : "";
      parts.main = `${about}${range("USD", row.usdLow, ceiling)}`;
    }
  }
  if (upTo && counted("up-to")) parts.upTo = `up to ${print(upTo.usdHigh ?? upTo.usdLow)}`;
  return parts;
}

/** "at least US$565B, plus up to US$1.74B", "about US$80B", "up to US$1.74B"; "US$0" for an empty sum. */
export function splitTotalText(row: TotalsLike, options: { exact?: boolean } = {}): string {
  const { main, upTo } = totalParts(row, options);
  const text = [main, upTo].filter((part) => part !== undefined).join(", plus ");
  return text || (options.exact ? exactMoney("USD", "0") : money("USD", "0"));
}

/** "+US$500B", "-US$5", "US$0": a signed change. */
export function signedMoney(value: string, { exact = false } = {}): string {
  if (isZero(value.replace(/^-/, ""))) return "US$0";
  const text = exact ? exactMoney("USD", value) : money("USD", value);
  return value.startsWith("-") ? text : `+${text}`;
}

/**
 * A change of a total: "+US$500B", "US$0 in the floor, +US$1.74B in the ceiling", or, when it moves "at least"
 * figures, "+US$565B in the floor, +US$1.74B in “up to” figures, +2 open-ended (no ceiling)". An open ceiling
 * has no figure to move by, so what is only a ceiling is said apart, as a total says it ("…, plus up to …"), and
 * nothing is said of the ceiling after the change, which the change alone cannot tell (removing the last "at
 * least" figure closes it).
 */
export function totalChangeText(row: TotalsLike, options: { exact?: boolean } = {}): string {
  const openEnded = String(row.openEnded ?? "0");
  if (row.usdHigh !== null && row.usdHigh === row.usdLow && openEnded === "0")
    return signedMoney(row.usdLow, options);
  const floor = `${signedMoney(row.usdLow, options)} in the floor`;
  if (row.usdHigh !== null) return `${floor}, ${signedMoney(row.usdHigh, options)} in the ceiling`;
  const upTo = row.byQualifier?.["up-to"]?.usdHigh ?? "0";
  const upToText = isZero(upTo.replace(/^-/, "")) ? "" : `, ${signedMoney(upTo, options)} in “up to” figures`;
  return `${floor}${upToText}, ${signedCount(openEnded)} open-ended (no ceiling)`;
}

function subtract(a: string, b: string): string {
  return addSigned(a, negate(b));
}
