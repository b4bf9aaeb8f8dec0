// Numbers as people write them: "5,000억", "2조 5000억", "1만 5000", "874조7천400억", "1.5조", "65 billion", "80bn".
import { plainNumber, shift, sum } from "./decimals.ts";

export interface ReadNumber {
  /** Exact decimal string. */
  value: string;
  end: number;
  /** Power of ten of the last scale word or unit ("억" → 8, "billion" → 9), if any: a bare low end of a range takes it. */
  exponent: number | null;
  /** "7조여" — the Korean "여" (some more than) right after the unit. */
  approximate: boolean;
}

const DIGITS = /\d(?:[\d,]*\d)?(?:\.\d+)?/y;
const BARE_DIGITS = /\d+/y;
const KOREAN_BIG: Record<string, number> = { 조: 12, 억: 8, 만: 4 };
const KOREAN_SMALL: Record<string, number> = { 천: 3, 백: 2, 십: 1 };
/** After "1만 " a unitless remainder belongs to the number only when a counter or a currency follows it. */
const COUNTER_AFTER_REMAINDER = /^\s?(개|장|대|명|원|달러|유로|엔|위안|주|기|곳|여)/;

const ENGLISH_SCALES: readonly [RegExp, number][] = [
  [/^[\s-]?(?:trillion|tn|trn)\b/i, 12],
  [/^[\s-]?(?:billion|bn|bln)\b/i, 9],
  [/^[\s-]?(?:million|mn|mln)\b/i, 6],
  [/^[\s-]?thousand\b/i, 3],
];
/** Single letters ("$500B", "€5m") count only glued to a number that follows a currency symbol. */
const GLUED_SCALES: readonly [RegExp, number][] = [
  [/^T\b/, 12],
  [/^B\b/i, 9],
  [/^M\b/i, 6],
  [/^K\b/i, 3],
];

function digitsAt(text: string, position: number, pattern: RegExp): string | null {
  pattern.lastIndex = position;
  return pattern.exec(text)?.[0] ?? null;
}

/** One Korean group: digits, optionally "천/백/십" and further digits ("7천400"). */
function koreanGroup(text: string, position: number): { value: string; end: number } | null {
  const written = digitsAt(text, position, DIGITS);
  if (written === null) return null;
  const value = plainNumber(written);
  if (value === null) return null;
  let end = position + written.length;
  const small = KOREAN_SMALL[text[end] ?? ""];
  if (small === undefined) return { value, end };
  end += 1;
  const rest = digitsAt(text, end, BARE_DIGITS);
  const parts = [shift(value, small)];
  if (rest !== null && rest.length <= small) {
    parts.push(rest);
    end += rest.length;
  }
  return { value: sum(parts), end };
}

/**
 * Reads the number that starts at `position` (an ASCII digit), with Korean units and English scales.
 * `glued` allows one-letter scales ("$500B"). Returns null for digit runs too long to be a figure.
 */
export function readNumber(text: string, position: number, glued: boolean): ReadNumber | null {
  const first = koreanGroup(text, position);
  if (first === null) return null;
  const parts: string[] = [];
  let end = first.end;
  let group = first;
  let smallest = Number.POSITIVE_INFINITY;
  let exponent: number | null = null;
  for (;;) {
    const big = KOREAN_BIG[text[group.end] ?? ""];
    if (big === undefined || big >= smallest) {
      if (parts.length === 0) break;
      // A unitless remainder after "1만 " ("1만 5000개").
      if (
        smallest >= 4 &&
        group !== first &&
        COUNTER_AFTER_REMAINDER.test(text.slice(group.end, group.end + 4))
      ) {
        parts.push(group.value);
        end = group.end;
      }
      break;
    }
    parts.push(shift(group.value, big));
    smallest = big;
    exponent = big;
    end = group.end + 1;
    const gap = text[end] === " " ? 1 : 0;
    const next = /\d/.test(text[end + gap] ?? "") ? koreanGroup(text, end + gap) : null;
    if (next === null) break;
    group = next;
  }
  if (parts.length > 0) {
    const approximate = text[end] === "여";
    return { value: sum(parts), end: approximate ? end + 1 : end, exponent, approximate };
  }
  // No Korean unit: a plain number, perhaps with an English scale.
  const after = text.slice(first.end, first.end + 12);
  for (const [pattern, power] of glued ? [...ENGLISH_SCALES, ...GLUED_SCALES] : ENGLISH_SCALES) {
    const match = pattern.exec(after);
    if (match)
      return {
        value: shift(first.value, power),
        end: first.end + match[0].length,
        exponent: power,
        approximate: false,
      };
  }
  return { value: first.value, end: first.end, exponent: null, approximate: false };
}
