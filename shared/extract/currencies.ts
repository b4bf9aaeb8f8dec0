// Currency symbols, codes and words (English and Korean) → ISO 4217, read just before or just after a number.

/** Written before the number: "US$500B", "€200 billion", "KRW 2.5 trillion", "JPY2.6 trillion". */
const PREFIXES: readonly [string, string][] = [
  ["US$", "USD"],
  ["U.S.$", "USD"],
  ["A$", "AUD"],
  ["C$", "CAD"],
  ["HK$", "HKD"],
  ["S$", "SGD"],
  ["$", "USD"],
  ["€", "EUR"],
  ["₩", "KRW"],
  ["￦", "KRW"],
  ["¥", "JPY"],
  ["￥", "JPY"],
  ["£", "GBP"],
  ["₹", "INR"],
];
const CODES = [
  "USD",
  "EUR",
  "KRW",
  "JPY",
  "CNY",
  "RMB",
  "GBP",
  "AED",
  "SAR",
  "INR",
  "CAD",
  "AUD",
  "SGD",
  "CHF",
];
const CODE_ALIASES: Record<string, string> = { RMB: "CNY" };

/** Written after the number: "500 billion dollars", "2.26 trillion yen", "5000억 달러", "2조 5000억 원". */
const SUFFIXES: readonly [RegExp, string][] = [
  [/^(?:US|U\.S\.|American) dollars?\b/i, "USD"],
  [/^dollars?\b/i, "USD"],
  [/^euros?\b/i, "EUR"],
  [/^won\b/i, "KRW"],
  [/^yen\b/i, "JPY"],
  [/^(?:yuan|renminbi)\b/i, "CNY"],
  [/^(?:pounds? sterling|pounds?)\b/i, "GBP"],
  [/^(?:riyals?)\b/i, "SAR"],
  [/^(?:dirhams?)\b/i, "AED"],
  [/^(?:rupees?)\b/i, "INR"],
  [/^달러/, "USD"],
  [/^불(?![가-힣])/, "USD"],
  [/^유로/, "EUR"],
  [/^위안/, "CNY"],
  [/^파운드/, "GBP"],
  [/^리얄/, "SAR"],
  [/^디르함/, "AED"],
  [/^루피/, "INR"],
  // 원 and 엔 are also syllables of ordinary words ("원칙", "엔비디아"): only a particle may follow them.
  [/^원(?=$|[^가-힣]|[을를이가은는의에도과와으로만씩대어])/, "KRW"],
  [/^엔(?=$|[^가-힣]|[을를이가은는의에도과와으로만씩])/, "JPY"],
];

export interface CurrencyMatch {
  currency: string;
  /** Offset of the currency's first character (prefix) or one past its last (suffix). */
  at: number;
}

/** A currency written right before `position` (at most one space between). */
export function currencyBefore(text: string, position: number): CurrencyMatch | null {
  const before = text.slice(Math.max(0, position - 6), position);
  const trimmed = before.replace(/ $/, "");
  for (const [symbol, currency] of PREFIXES) {
    if (trimmed.endsWith(symbol))
      return { currency, at: position - (before.length - trimmed.length) - symbol.length };
  }
  const code = /(?:^|[^A-Za-z])([A-Z]{3})$/.exec(trimmed)?.[1];
  if (code && CODES.includes(code)) {
    return { currency: CODE_ALIASES[code] ?? code, at: position - (before.length - trimmed.length) - 3 };
  }
  return null;
}

/** A currency written right after `position` (at most one space between). */
export function currencyAfter(text: string, position: number): CurrencyMatch | null {
  const gap = text[position] === " " ? 1 : 0;
  const after = text.slice(position + gap, position + gap + 24);
  const code = /^([A-Z]{3})\b/.exec(after)?.[1];
  if (code && CODES.includes(code)) return { currency: CODE_ALIASES[code] ?? code, at: position + gap + 3 };
  for (const [pattern, currency] of SUFFIXES) {
    const match = pattern.exec(after);
    if (match) return { currency, at: position + gap + match[0].length };
  }
  return null;
}

/** Currencies quoted as US dollars per unit; the rest as units per US dollar (SPEC 4.3 takes either). */
export const QUOTED_IN_USD = new Set(["EUR", "GBP", "AUD", "NZD"]);

/**
 * Smallest figure, in major units, that can be an infrastructure commitment: below it a figure is a price, a
 * share price or a cost per unit. Roughly US$1 million in each currency.
 */
export function commitmentFloor(currency: string): string {
  if (currency === "KRW" || currency === "JPY") return "100000000";
  if (currency === "USD" || QUOTED_IN_USD.has(currency) || currency === "CHF") return "1000000";
  return "10000000";
}
