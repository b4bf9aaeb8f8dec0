/**
 * Money as a newsroom prints it — "at least US$500B", "up to ₩2.5T", "US$60B–65B" — and the same figures in
 * full for a hover or a footnote ("at least US$500,000,000,000"). Decimal strings in, text out, never a float.
 */
import { fxKindLabel } from "./labels.ts";
import { compactNumber, compactRange, groupDigits } from "./numbers.ts";

/** An amount in the API's shape (SPEC 2): a currency, low ≤ high as decimal strings, and what was said of it. */
export interface AmountLike {
  currency: string;
  low: string;
  high: string;
  qualifier: string;
}

const QUALIFIER_WORDS: Record<string, string> = {
  exact: "",
  approximately: "about ",
  "at-least": "at least ",
  "up-to": "up to ",
  range: "",
};

/** The words a qualifier puts before a figure: "at least ", "up to ", "about ", or nothing. */
export function qualifierWords(qualifier: string): string {
  return QUALIFIER_WORDS[qualifier] ?? "";
}

const symbols = new Map<string, string>();

/** "US$", "₩", "€", "CN¥", "AED " (a symbol of letters is followed by a space). */
export function currencySymbol(currency: string): string {
  let symbol = symbols.get(currency);
  if (symbol === undefined) {
    symbol = currency === "USD" ? "US$" : intlSymbol(currency);
    if (/^[A-Z]+$/i.test(symbol)) symbol = `${symbol} `;
    symbols.set(currency, symbol);
  }
  return symbol;
}

function intlSymbol(currency: string): string {
  try {
    const part = new Intl.NumberFormat("en", { style: "currency", currency, currencyDisplay: "symbol" })
      .formatToParts(0)
      .find((each) => each.type === "currency");
    return part && part.value !== "¤" ? part.value : currency;
  } catch {
    return currency;
  }
}

/** "US$500B", "₩2.5T", "€109B", "US$250,000". */
export function money(currency: string, value: string): string {
  const negative = value.startsWith("-");
  const { digits, unit } = compactNumber(negative ? value.slice(1) : value);
  return `${negative ? "-" : ""}${currencySymbol(currency)}${digits}${unit}`;
}

/** Every digit: "US$1,736,111,111", "₩2,500,000,000,000". */
export function exactMoney(currency: string, value: string): string {
  const negative = value.startsWith("-");
  return `${negative ? "-" : ""}${currencySymbol(currency)}${groupDigits(negative ? value.slice(1) : value)}`;
}

/** One figure, or a range: "US$65B", "US$60B–65B". */
export function moneyRange(currency: string, low: string, high: string): string {
  if (low === high) return money(currency, high);
  const [from, to] = compactRange(low, high);
  return `${currencySymbol(currency)}${from.digits}${from.unit}–${to.digits}${to.unit}`;
}

/** The same in full: "US$60,000,000,000–65,000,000,000". */
export function exactMoneyRange(currency: string, low: string, high: string): string {
  return low === high ? exactMoney(currency, high) : `${exactMoney(currency, low)}–${groupDigits(high)}`;
}

/** A figure as announced: "at least US$500B", "up to ₩2.5T", "about US$80B", "US$60B–65B". */
export function figure(amount: AmountLike): string {
  return `${qualifierWords(amount.qualifier)}${moneyRange(amount.currency, amount.low, amount.high)}`;
}

/** The same with every digit: "at least US$500,000,000,000". */
export function exactFigure(amount: AmountLike): string {
  return `${qualifierWords(amount.qualifier)}${exactMoneyRange(amount.currency, amount.low, amount.high)}`;
}

/** USD figures of a record keep its qualifier: "up to US$1.74B". */
export function usdFigure(usd: { low: string; high: string }, qualifier: string): string {
  return figure({ currency: "USD", low: usd.low, high: usd.high, qualifier });
}

/** "up to US$1,736,111,111". */
export function exactUsdFigure(usd: { low: string; high: string }, qualifier: string): string {
  return exactFigure({ currency: "USD", low: usd.low, high: usd.high, qualifier });
}

/** A rate as used on a record (SPEC 4.3): one of the two directions is given, kept as it was entered. */
export interface RateLike {
  currency: string;
  unitsPerUsd?: string | undefined;
  usdPerUnit?: string | undefined;
}

/** "₩1,440/US$" or "US$1.0305/€": the rate in the direction it was given. */
export function rateText(rate: RateLike): string {
  if (rate.unitsPerUsd !== undefined)
    return `${currencySymbol(rate.currency).trim()}${groupDigits(rate.unitsPerUsd)}/US$`;
  return `US$${groupDigits(rate.usdPerUnit ?? "1")}/${currencySymbol(rate.currency).trim()}`;
}

/** "₩1,440 per US dollar" (for a table, where there is room). */
export function rateLongText(rate: RateLike): string {
  if (rate.unitsPerUsd !== undefined) return `${exactMoney(rate.currency, rate.unitsPerUsd)} per US dollar`;
  return `US$${groupDigits(rate.usdPerUnit ?? "1")} per ${currencyName(rate.currency)}`;
}

const currencyNames = new Map<string, string>();

/** "South Korean won", "euro": the name as it reads in a sentence. */
export function currencyName(currency: string): string {
  let name = currencyNames.get(currency);
  if (name === undefined) {
    try {
      name = new Intl.DisplayNames(["en"], { type: "currency" }).of(currency) ?? currency;
    } catch {
      name = currency;
    }
    // Intl capitalises like a title ("South Korean Won"); in running text the unit is lower case.
    name = name.replace(
      /\b(Dollar|Won|Euro|Yen|Yuan|Pound|Rupee|Dirham|Riyal|Franc|Krona|Krone)\b/g,
      (word) => word.toLowerCase(),
    );
    currencyNames.set(currency, name);
  }
  return name;
}

/** A record's USD figures with the rate that made them (SPEC 2 `amountUsd`). */
export interface ConvertedLike {
  low: string;
  high: string;
  rate: RateLike & { kind?: string | null | undefined; date?: string | null | undefined };
}

/**
 * The figure as announced and, for another currency, what it is in US dollars and at which rate: "at least
 * US$500B"; "up to ₩2.5T ≈ US$1.74B at ₩1,440/US$, implied rate"; "€109B (no exchange rate on record)".
 */
export function conversionText(amount: AmountLike, usd: ConvertedLike | null | undefined): string {
  if (amount.currency === "USD") return figure(amount);
  if (!usd) return `${figure(amount)} (no exchange rate on record)`;
  const kind = usd.rate.kind ? `, ${fxKindLabel(usd.rate.kind)}` : "";
  return `${figure(amount)} ≈ ${moneyRange("USD", usd.low, usd.high)} at ${rateText(usd.rate)}${kind}`;
}
