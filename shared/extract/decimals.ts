// Exact decimal helpers the extractor needs beyond shared/domain/decimal.ts: scaling by powers of ten and division.
import { addDecimal, canonicalDecimal, DECIMAL_PATTERN, fromDynamoNumber } from "../domain/decimal.ts";

/** Longest run of digits read as one number: longer runs are not figures anybody writes. */
export const MAX_DIGITS = 30;

/** "1,500.25" → "1500.25"; null for anything that is not a plain ASCII number of sane length. */
export function plainNumber(written: string): string | null {
  const value = written.replace(/,/g, "");
  if (value.length > MAX_DIGITS + 1 || !DECIMAL_PATTERN.test(value.replace(/^0+(?=\d)/, ""))) return null;
  return canonicalDecimal(value.replace(/^0+(?=\d)/, ""));
}

/** value × 10^exponent, exactly, by moving the decimal point (the domain's exponent expansion does just that). */
export function shift(value: string, exponent: number): string {
  return fromDynamoNumber(`${value}e${exponent}`);
}

export function sum(values: readonly string[]): string {
  return values.reduce((total, value) => addDecimal(total, value), "0");
}

function scaled(value: string): { units: bigint; scale: number } {
  const [whole = "0", fraction = ""] = value.split(".");
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

/** a × b, exactly. */
export function multiply(a: string, b: string): string {
  const x = scaled(a);
  const y = scaled(b);
  return shift((x.units * y.units).toString(), -(x.scale + y.scale));
}

/** a ÷ b rounded half-up to `places` decimal places (b > 0). */
export function divide(a: string, b: string, places: number): string {
  const x = scaled(a);
  const y = scaled(b);
  // a/b = (x.units / 10^x.scale) / (y.units / 10^y.scale)
  const numerator = x.units * 10n ** BigInt(y.scale + places);
  const denominator = y.units * 10n ** BigInt(x.scale);
  const quotient = (2n * numerator + denominator) / (2n * denominator);
  return canonicalDecimal(shift(quotient.toString(), -places));
}

/** Number of integer digits, to refuse absurd amounts before they reach the schema. */
export function wholeDigits(value: string): number {
  return (value.split(".")[0] ?? "").replace(/^0+/, "").length;
}
