// Money mentions in a text: amounts with currency, ranges, qualifiers and parenthetical conversions.
import type { Amount } from "../commitments/schema.ts";
import { compareDecimal } from "../domain/decimal.ts";
import { currencyAfter, currencyBefore } from "./currencies.ts";
import { shift } from "./decimals.ts";
import { readNumber } from "./numbers.ts";

export interface Span {
  start: number;
  end: number;
}

export interface MoneyMention extends Span {
  amount: Amount;
  /** The same money in another currency, written in parentheses right after: "5000억 달러(약 720조 원)". */
  conversion?: MoneyMention;
  /** True for a mention that is itself the parenthetical conversion of another. */
  isConversion: boolean;
}

interface Atom extends Span {
  value: string;
  exponent: number | null;
  currency: string | null;
  approximate: boolean;
}

/** At most this many numbers are read from one text; the rest is reported as skipped. */
export const MAX_NUMBERS = 20_000;

const RANGE_JOIN = /^\s?(?:~|∼|〜|～|-|–|—|to|부터|에서)\s?$/i;
const BETWEEN = /\bbetween\s*$/i;

const BEFORE: readonly [RegExp, Amount["qualifier"]][] = [
  [/(?:최소|적어도|최소한)\s*$/, "at-least"],
  [/(?:최대|많게는|최고)\s*$/, "up-to"],
  [/(?:약|대략|어림잡아)\s*$/, "approximately"],
  // "no more than" and "not less than" turn the comparison round: "more than" after "no" is a ceiling.
  [
    /\b(?:at least|(?<!\bno |\bnot )more than|over|above|in excess of|upwards of|north of|no less than|not less than|a minimum of)\s*$/i,
    "at-least",
  ],
  [
    /\b(?:up to|as much as|as high as|at most|no more than|not more than|(?<!\bno |\bnot )less than|under|below|could hit|could reach|could top|a maximum of)\s*$/i,
    "up-to",
  ],
  [
    /\b(?:about|approximately|approx\.|around|roughly|nearly|almost|close to|some|an estimated|estimated|circa)\s*$/i,
    "approximately",
  ],
];
const AFTER: readonly [RegExp, Amount["qualifier"]][] = [
  [/^\s?(?:이상|넘는|넘게|넘어|초과|or more|or above|and more|-plus|plus)/i, "at-least"],
  // "$10B+", but not the sum in "$10B+$5B" or "$10B +5%".
  [/^\+(?!\s*[\d$€£¥₩])/, "at-least"],
  [/^\s?(?:이하|미만|까지|에\s?달할\s?수|or less)/i, "up-to"],
  [/^\s?(?:가량|정도|쯤|안팎|내외|남짓|가까이)/, "approximately"],
];
const STRENGTH: Record<Amount["qualifier"], number> = {
  exact: 0,
  approximately: 1,
  "at-least": 2,
  "up-to": 2,
  range: 3,
};

function atomAt(text: string, position: number): Atom | null {
  const prefix = currencyBefore(text, position);
  const number = readNumber(text, position, prefix !== null);
  if (number === null) return null;
  const suffix = prefix ? null : currencyAfter(text, number.end);
  return {
    start: prefix?.at ?? position,
    end: suffix?.at ?? number.end,
    value: number.value,
    exponent: number.exponent,
    currency: prefix?.currency ?? suffix?.currency ?? null,
    approximate: number.approximate,
  };
}

/** Every number in the text as an atom, in order; digit runs are skipped whole so the scan stays linear. */
function atoms(text: string): { atoms: Atom[]; skipped: number } {
  const found: Atom[] = [];
  let skipped = 0;
  const digitRun = /\d[\d,.]*/g;
  for (let match = digitRun.exec(text); match; match = digitRun.exec(text)) {
    const previous = text[match.index - 1] ?? "";
    // "H100", "GB300", "1e309": digits inside a word are not figures (a currency code before them is fine).
    if (/[A-Za-z_]/.test(previous) && currencyBefore(text, match.index) === null) continue;
    if (found.length >= MAX_NUMBERS) {
      skipped += 1;
      continue;
    }
    const atom = atomAt(text, match.index);
    if (atom === null) continue;
    found.push(atom);
    if (atom.end > digitRun.lastIndex) digitRun.lastIndex = atom.end;
  }
  return { atoms: found, skipped };
}

function qualifierAround(text: string, mention: Span, after: number): Amount["qualifier"] {
  const lead = text.slice(Math.max(0, mention.start - 24), mention.start);
  const tail = text.slice(after, after + 16);
  let best: Amount["qualifier"] = "exact";
  for (const [pattern, qualifier] of [...BEFORE, ...AFTER]) {
    const subject = BEFORE.some(([known]) => known === pattern) ? lead : tail;
    if (pattern.test(subject) && STRENGTH[qualifier] > STRENGTH[best]) best = qualifier;
  }
  return best;
}

/** Joins "600억~650억 달러", "$60 billion to $65 billion", "€30 to 50 billion", "between $30bn and $50bn". */
function combine(text: string, list: Atom[]): { low: Atom; high: Atom }[] {
  const out: { low: Atom; high: Atom }[] = [];
  for (let index = 0; index < list.length; index += 1) {
    const low = list[index] as Atom;
    const high = list[index + 1];
    if (high) {
      const join = text.slice(low.end, high.start);
      const between =
        /^\s?and\s?$/i.test(join) && BETWEEN.test(text.slice(Math.max(0, low.start - 12), low.start));
      const currency = low.currency === null || high.currency === null || low.currency === high.currency;
      if ((RANGE_JOIN.test(join) || between) && currency && (high.currency ?? low.currency) !== null) {
        const lowValue =
          low.exponent === null && high.exponent !== null ? shift(low.value, high.exponent) : low.value;
        if (compareDecimal(lowValue, high.value) <= 0) {
          out.push({ low: { ...low, value: lowValue }, high });
          index += 1;
          continue;
        }
      }
    }
    out.push({ low, high: low });
  }
  return out;
}

/** Money mentions: each amount once, conversions attached to the amount they convert. */
export function findMoney(text: string): { mentions: MoneyMention[]; skippedNumbers: number } {
  const { atoms: list, skipped } = atoms(text);
  const mentions: MoneyMention[] = [];
  for (const { low, high } of combine(text, list)) {
    const currency = high.currency ?? low.currency;
    if (currency === null || !/^(0|[1-9]\d*)(\.\d+)?$/.test(high.value) || /^0(\.0+)?$/.test(low.value))
      continue;
    const span = { start: low.start, end: high.end };
    const isRange = compareDecimal(low.value, high.value) < 0;
    mentions.push({
      ...span,
      amount: { currency, low: low.value, high: high.value, qualifier: isRange ? "range" : "exact" },
      isConversion: false,
    });
    const mention = mentions.at(-1) as MoneyMention;
    if (!isRange && (low.approximate || high.approximate)) mention.amount.qualifier = "approximately";
  }
  for (let index = 0; index < mentions.length; index += 1) {
    const mention = mentions[index] as MoneyMention;
    const next = mentions[index + 1];
    const opening =
      next &&
      /^\s?\(\s?(?:약|about|approximately|approx\.|around|roughly|~|≈)?\s?$/i.test(
        text.slice(mention.end, next.start),
      );
    const closing = next && /^\s?\)/.test(text.slice(next.end, next.end + 2));
    let after = mention.end;
    if (next && opening && closing) {
      mention.conversion = next;
      next.isConversion = true;
      after = text.indexOf(")", next.end) + 1;
    }
    if (mention.amount.qualifier !== "range") {
      const around = qualifierAround(text, mention, after);
      if (STRENGTH[around] >= STRENGTH[mention.amount.qualifier]) mention.amount.qualifier = around;
    }
  }
  return { mentions, skippedNumbers: skipped };
}
