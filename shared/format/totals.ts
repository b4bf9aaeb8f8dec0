/**
 * Totals in words (SPEC 3.3): a floor and a ceiling, and the qualifiers behind them, so a sum of "at least" and
 * "up to" figures never reads as one bare number.
 */
import { compareDecimal } from "../domain/decimal.ts";
import { exactMoney, money, qualifierWords } from "./money.ts";

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
  const highText = exact ? exactMoney("USD", high).replace("US$", "") : money("USD", high).replace("US$", "");
  return `${approx}${print(row.usdLow)}–${highText}`;
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
  return `${money("USD", totals.usdLow)}–${money("USD", totals.usdHigh).replace("US$", "")}`;
}

function isZero(value: string): boolean {
  return /^0+(\.0+)?$/.test(value);
}
