// Capacity a text states: power in MW/GW and accelerator counts with their model ("H100 1만 5000개").
import { compareDecimal } from "../domain/decimal.ts";
import { multiply } from "./decimals.ts";
import type { Span } from "./money.ts";
import { readNumber } from "./numbers.ts";
import { firstIndex } from "./search.ts";

export interface PowerMention extends Span {
  /** Megawatts, exact decimal string. */
  megawatts: string;
}

export interface AcceleratorMention extends Span {
  model: string;
  count: number;
}

const POWER_UNIT = /^[\s-]?(?:\(?\s?)?(㎿|MW\b|megawatts?\b|메가와트|㎿|GW\b|gigawatts?\b|기가와트)/i;
const WORD_POWER = /\b(?:a|one)[\s-](gigawatt|megawatt)\b/gi;

/** MW and GW figures ("103㎿", "1-gigawatt", "4.5 gigawatts", "1기가와트", "a gigawatt"). */
export function findPower(text: string, span: Span): PowerMention[] {
  const found: PowerMention[] = [];
  const window = text.slice(span.start, span.end);
  for (const match of window.matchAll(/\d[\d,.]*/g)) {
    const start = span.start + match.index;
    if (/[A-Za-z]/.test(text[start - 1] ?? "")) continue;
    const number = readNumber(text, start, false);
    if (number === null) continue;
    const unit = POWER_UNIT.exec(text.slice(number.end, number.end + 14));
    if (!unit) continue;
    const giga = /GW|giga|기가/i.test(unit[1] as string);
    found.push({
      start,
      end: number.end + unit[0].length,
      megawatts: giga ? multiply(number.value, "1000") : number.value,
    });
  }
  for (const match of window.matchAll(WORD_POWER)) {
    const start = span.start + match.index;
    found.push({
      start,
      end: start + match[0].length,
      megawatts: /giga/i.test(match[1] as string) ? "1000" : "1",
    });
  }
  return found.sort((a, b) => a.start - b.start);
}

const MODEL =
  /\b(GB200|GB300|H100|H200|H800|H20|A100|B200|B300|MI300X|MI325X|MI355X|TPU(?:\s?v\d+)?|Trainium\s?\d?|Gaudi\s?\d?|Blackwell|Rubin)(?:s\b)?/gi;
const GENERIC = /(GPU|그래픽처리장치|그래픽 처리 장치|graphics processing units?|AI chips?|AI 칩|AI반도체)/gi;
const VENDOR_BEFORE = /(엔비디아|NVIDIA|Nvidia|AMD|Google|구글|AWS|Intel|인텔)\s?(?:의\s?)?$/;
const COUNTER =
  /^\s?(?:(?:NVIDIA|Nvidia|엔비디아|AMD)\s)?(?:개|장|대|units?\b|GPUs?\b|chips?\b|accelerators?\b|processors?\b|graphics processing units?\b)/i;
const VENDOR_NAME: Record<string, string> = {
  엔비디아: "NVIDIA",
  nvidia: "NVIDIA",
  amd: "AMD",
  google: "Google",
  구글: "Google",
  aws: "AWS",
  intel: "Intel",
  인텔: "Intel",
};

/** Fewer than this many is not a fleet worth recording ("GPU 수백 개" is not read either). */
const MIN_COUNT = 100;

interface ModelMention extends Span {
  model: string;
  generic: boolean;
}

function models(text: string, span: Span): ModelMention[] {
  const window = text.slice(span.start, span.end);
  const out: ModelMention[] = [];
  for (const [pattern, generic] of [
    [MODEL, false],
    [GENERIC, true],
  ] as const) {
    for (const match of window.matchAll(pattern)) {
      const start = span.start + match.index;
      const vendor = VENDOR_BEFORE.exec(text.slice(Math.max(span.start, start - 8), start))?.[1];
      const name = generic ? "GPU" : (match[1] as string).toUpperCase().replace("BLACKWELL", "Blackwell");
      const model = vendor && !generic ? `${VENDOR_NAME[vendor.toLowerCase()] ?? vendor} ${name}` : name;
      out.push({ start, end: start + match[0].length, model, generic });
    }
  }
  return out;
}

/** The first index of `list` (sorted by start) whose start is at least `position`. */
const firstFrom = (list: readonly ModelMention[], position: number) =>
  firstIndex(list, (model) => model.start < position);

/**
 * Accelerator counts: a count with a counter word, tied to the nearest model name in the same span. Only the
 * model names a few characters around a count are looked at, so a span with many of both stays linear.
 */
export function findAccelerators(text: string, span: Span): AcceleratorMention[] {
  const known = models(text, span);
  if (known.length === 0) return [];
  // Each kind in text order: a named model is preferred to a generic one, then the nearest, then the first.
  const kinds = [known.filter((model) => !model.generic), known.filter((model) => model.generic)];
  // A model ending near a count starts at most this much further back ("TPU v" takes any number of digits).
  const longest = known.reduce((most, model) => Math.max(most, model.end - model.start), 0);
  const around = (from: number, to: number) =>
    kinds.flatMap((list) => list.slice(firstFrom(list, from), firstFrom(list, to + 1)));
  const found: AcceleratorMention[] = [];
  const window = text.slice(span.start, span.end);
  for (const match of window.matchAll(/\d[\d,.]*/g)) {
    const start = span.start + match.index;
    if (/[A-Za-z]/.test(text[start - 1] ?? "") || start < (found.at(-1)?.end ?? -1)) continue;
    const number = readNumber(text, start, false);
    if (number === null || number.value.includes(".") || compareDecimal(number.value, String(MIN_COUNT)) < 0)
      continue;
    if (number.value.length > 9) continue;
    const following = text.slice(number.end, number.end + 32);
    const counter = COUNTER.exec(following);
    const directModel = around(number.end, number.end + 10).length > 0;
    if (!counter && !directModel) continue;
    const end = number.end + (counter?.[0].length ?? 0);
    const nearby = around(start - 40 - longest, end + 40)
      .map((model) => ({
        model,
        distance: model.start >= number.end ? Math.max(0, model.start - end) : start - model.end,
      }))
      .filter(({ distance }) => distance >= 0 && distance <= 40)
      .sort((a, b) => Number(a.model.generic) - Number(b.model.generic) || a.distance - b.distance);
    const chosen = nearby[0]?.model;
    if (!chosen) continue;
    found.push({ start, end, model: chosen.model, count: Number(number.value) });
  }
  return found;
}
