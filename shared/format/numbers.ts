/**
 * Decimal strings as people read them, by string arithmetic only: a figure printed exactly is never a float, and a
 * rounded one ("1.74B") is rounded half up on the digits themselves.
 */

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** "1736111111" → "1,736,111,111"; "-1234.5" → "-1,234.5". The fraction is kept as given. */
export function groupDigits(value: string): string {
  if (!DECIMAL.test(value)) return value;
  const negative = value.startsWith("-");
  const [whole = "0", fraction] = (negative ? value.slice(1) : value).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
}

/** Thousand, million, billion, trillion: the steps a newsroom writes figures in. */
const UNITS = ["", "K", "M", "B", "T"] as const;
/** Below a million a figure is printed whole ("US$250,000"). */
const FIRST_COMPACT_UNIT = 2;

export interface CompactNumber {
  /** "1.74", "500", "2.5" */
  digits: string;
  /** "", "M", "B", "T" */
  unit: string;
}

/**
 * A non-negative decimal string to three significant digits in the largest unit that fits: "1736111111" →
 * { digits: "1.74", unit: "B" }, "2500000000000" → { "2.5", "T" }, "999999999999" → { "1", "T" }. Figures under a
 * million keep every whole digit ("250000" → "250,000"); amounts beyond trillions stay in trillions ("1,500T").
 */
export function compactNumber(value: string, significant = 3): CompactNumber {
  if (!DECIMAL.test(value) || value.startsWith("-")) return { digits: value, unit: "" };
  const whole = (value.split(".")[0] ?? "0").replace(/^0+(?=\d)/, "");
  const unitIndex = Math.min(Math.floor((whole.length - 1) / 3), UNITS.length - 1);
  if (unitIndex < FIRST_COMPACT_UNIT) return { digits: groupDigits(trimFraction(value)), unit: "" };
  let unit = unitIndex;
  let digits = roundToUnit(BigInt(whole), unit, significant);
  // Rounding can carry into the next unit: 999.6B is 1T, not 1,000B.
  if ((digits.split(".")[0] ?? "").length > 3 && unit + 1 < UNITS.length)
    digits = roundToUnit(BigInt(whole), ++unit, significant);
  return { digits: groupDigits(digits), unit: UNITS[unit] ?? "" };
}

/** `whole` divided by 1000^unitIndex, to `significant` digits (more when the integer part is longer). */
function roundToUnit(whole: bigint, unitIndex: number, significant: number): string {
  const scale = 3 * unitIndex;
  const integerDigits = whole.toString().length - scale;
  const decimals = Math.min(scale, Math.max(0, significant - integerDigits));
  const shift = scale - decimals;
  const divisor = 10n ** BigInt(shift);
  const rounded = (whole + divisor / 2n) / divisor;
  const text = rounded.toString().padStart(decimals + 1, "0");
  const integer = text.slice(0, text.length - decimals);
  const fraction = decimals > 0 ? text.slice(text.length - decimals).replace(/0+$/, "") : "";
  return fraction ? `${integer}.${fraction}` : integer;
}

/** "1.50" → "1.5", "2.000" → "2". */
function trimFraction(value: string): string {
  return value.includes(".") ? value.replace(/\.?0+$/, "") : value;
}

/**
 * The two ends of a range, short, with as many digits as it takes to tell them apart: "1736111111" and
 * "1740000000" are 1.736B and 1.74B, not 1.74B and 1.74B.
 */
export function compactRange(low: string, high: string): [CompactNumber, CompactNumber] {
  const text = ({ digits, unit }: CompactNumber) => `${digits}${unit}`;
  let pair: [CompactNumber, CompactNumber] = [compactNumber(low), compactNumber(high)];
  for (
    let significant = 4;
    low !== high && text(pair[0]) === text(pair[1]) && significant <= 16;
    significant++
  )
    pair = [compactNumber(low, significant), compactNumber(high, significant)];
  return pair;
}

/** "1.74B" style text of a decimal string, without a currency. */
export function compact(value: string): string {
  const { digits, unit } = compactNumber(value);
  return `${digits}${unit}`;
}

const SHORTHAND = /^(\d+(?:\.\d+)?)\s*([kmbt])?$/i;
const UNIT_ZEROS: Record<string, number> = { k: 3, m: 6, b: 9, t: 12 };

/**
 * What a person types for an amount, as a whole decimal string: "1.5B" → "1500000000", "250m" → "250000000",
 * "2,000,000" → "2000000". Undefined for anything else (or a fraction of a unit finer than whole numbers).
 */
export function parseShorthand(input: string): string | undefined {
  const match = SHORTHAND.exec(input.trim().replaceAll(",", "").replaceAll("_", ""));
  if (!match) return undefined;
  const [, number = "", unit] = match;
  const zeros = unit ? (UNIT_ZEROS[unit.toLowerCase()] ?? 0) : 0;
  const [whole = "0", fraction = ""] = number.split(".");
  if (fraction.replace(/0+$/, "").length > zeros) return undefined;
  const digits = `${whole}${fraction.padEnd(zeros, "0")}`.replace(/^0+(?=\d)/, "");
  return digits;
}

/** "+3", "-1", "0": a signed change of a count. */
export function signedCount(value: string | number): string {
  const text = String(value);
  return text.startsWith("-") || /^0+$/.test(text) ? text : `+${text}`;
}

/** "1 commitment", "3 commitments", "1,204 revisions". */
export function countText(count: string | number, singular: string, plural = `${singular}s`): string {
  const text = String(count);
  return `${groupDigits(text)} ${text.replace(/^[+-]/, "") === "1" ? singular : plural}`;
}
