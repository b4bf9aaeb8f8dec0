/**
 * Exact decimal arithmetic on strings, backed by BigInt. Money never becomes a JS number: amounts, rates and
 * sums are parsed here into scaled integers and written back as canonical decimal strings.
 */

/** A non-negative decimal in major units: digits, an optional fraction, no sign, no exponent. */
export const DECIMAL_PATTERN = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

interface Scaled {
  units: bigint;
  scale: number;
}

function parse(value: string): Scaled {
  if (!DECIMAL_PATTERN.test(value)) throw new RangeError(`not a decimal string: ${JSON.stringify(value)}`);
  const [whole = "0", fraction = ""] = value.split(".");
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

function format({ units, scale }: Scaled): string {
  const digits = units.toString().padStart(scale + 1, "0");
  if (scale === 0) return digits;
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

function align(a: Scaled, b: Scaled): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

/**
 * The canonical spelling of a decimal string: no trailing fraction zeros ("65000000000.00" → "65000000000").
 * By its digits alone (the pattern already rules out leading zeros): every stored amount is read through it.
 */
export function canonicalDecimal(value: string): string {
  if (!DECIMAL_PATTERN.test(value)) throw new RangeError(`not a decimal string: ${JSON.stringify(value)}`);
  if (!value.includes(".")) return value;
  const trimmed = value.replace(/0+$/, "");
  return trimmed.endsWith(".") ? trimmed.slice(0, -1) : trimmed;
}

export function isDecimal(value: string): boolean {
  return DECIMAL_PATTERN.test(value);
}

export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const [x, y] = align(parse(a), parse(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addDecimal(a: string, b: string): string {
  const [x, y, scale] = align(parse(a), parse(b));
  return format({ units: x + y, scale });
}

/** a − b, which may be negative (aggregate deltas); the result carries a leading "-" then. */
export function subtractDecimal(a: string, b: string): string {
  const [x, y, scale] = align(parse(a), parse(b));
  const difference = x - y;
  return difference < 0n ? `-${format({ units: -difference, scale })}` : format({ units: difference, scale });
}

/** Whether `value` lies within ±`percent` % of `reference`, exactly: |value − reference| × 100 ≤ percent × reference. */
export function withinPercent(value: string, reference: string, percent: number): boolean {
  const [x, y] = align(parse(value), parse(reference));
  return (x > y ? x - y : y - x) * 100n <= BigInt(percent) * y;
}

/** A decimal with a digit other than zero somewhere. */
export function isPositiveDecimal(value: string): boolean {
  return isDecimal(value) && /[1-9]/.test(value);
}

/** Integer part length of a decimal string, to bound amounts. */
export function integerDigits(value: string): number {
  return (value.split(".")[0] ?? "").length;
}

/** numerator / denominator rounded half-up to a whole number (both positive scaled decimals). */
function divideToWhole(numerator: Scaled, denominator: Scaled): string {
  // n/10^sn ÷ d/10^sd = n·10^sd / (d·10^sn)
  const top = numerator.units * 10n ** BigInt(denominator.scale);
  const bottom = denominator.units * 10n ** BigInt(numerator.scale);
  if (bottom === 0n) throw new RangeError("division by zero");
  return ((2n * top + bottom) / (2n * bottom)).toString();
}

/** amount ÷ divisor, rounded half-up to a whole unit: KRW → USD with a units-per-USD rate. */
export function divideRounded(amount: string, divisor: string): string {
  return divideToWhole(parse(amount), parse(divisor));
}

/** amount × factor, rounded half-up to a whole unit: EUR → USD with a USD-per-unit rate. */
export function multiplyRounded(amount: string, factor: string): string {
  const a = parse(amount);
  const f = parse(factor);
  return divideToWhole({ units: a.units * f.units, scale: a.scale + f.scale }, { units: 1n, scale: 0 });
}

/** Left-pads a whole-number string so that string order is numeric order (sort keys). */
export function padWhole(value: string, width = 24): string {
  const whole = value.split(".")[0] ?? "0";
  if (whole.length > width) throw new RangeError(`too many digits for a sort key: ${value}`);
  return whole.padStart(width, "0");
}

/** a + b for signed decimal strings ("-5" allowed): the arithmetic of aggregate deltas. */
export function addSigned(a: string, b: string): string {
  const negative = (value: string) => value.startsWith("-");
  const magnitude = (value: string) => (negative(value) ? value.slice(1) : value);
  const [x, y, scale] = align(parse(magnitude(a)), parse(magnitude(b)));
  const sum = (negative(a) ? -x : x) + (negative(b) ? -y : y);
  return sum < 0n ? `-${format({ units: -sum, scale })}` : format({ units: sum, scale });
}

export function negate(value: string): string {
  if (value.startsWith("-")) return value.slice(1);
  return parse(value).units === 0n ? value : `-${value}`;
}

export function isZero(value: string): boolean {
  return /^-?0(\.0+)?$/.test(value);
}

/**
 * A DynamoDB number as a plain decimal string: DynamoDB may answer "1.5E+3" for 1500; exponents are expanded
 * exactly, by moving the point, never through a float.
 */
export function fromDynamoNumber(value: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`not a DynamoDB number: ${value}`);
  const [, sign = "", whole = "0", fraction = "", exponentText = "0"] = match;
  const exponent = Number(exponentText);
  let digits = whole + fraction;
  let point = whole.length + exponent;
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += "0".repeat(point - digits.length);
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, "") || "0";
  const decimals = digits.slice(point).replace(/0+$/, "");
  const plain = decimals ? `${integer}.${decimals}` : integer;
  return sign && !isZero(plain) ? `-${plain}` : plain;
}
