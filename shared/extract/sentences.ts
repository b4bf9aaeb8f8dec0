// Paragraphs, sentences and clauses of a text, as offsets into the original string (so a page can highlight them).
import type { Span } from "./money.ts";
import { firstIndex } from "./search.ts";

export interface Sentence extends Span {
  paragraph: number;
  /** Index in the whole list. */
  index: number;
}

/** Words whose trailing period does not end a sentence. */
const ABBREVIATIONS =
  /(?:^|[^A-Za-z])(?:[A-Z]|U\.S|U\.K|Co|Corp|Inc|Ltd|Jr|Sr|Mr|Mrs|Ms|Dr|St|vs|etc|e\.g|i\.e|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx)$/;
const CLOSERS = "\"'”’)]」』";

/** Splits into sentences: at . ! ? 。 followed by whitespace, not after an abbreviation; newlines end paragraphs. */
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = 0;
  let start = 0;
  const push = (end: number) => {
    let from = start;
    while (from < end && /\s/.test(text[from] as string)) from += 1;
    let to = end;
    while (to > from && /\s/.test(text[to - 1] as string)) to -= 1;
    if (to > from) out.push({ start: from, end: to, paragraph, index: out.length });
  };
  for (const match of text.matchAll(/[\n.!?。]/g)) {
    const position = match.index;
    const char = match[0];
    if (position < start) continue;
    if (char === "\n") {
      push(position);
      start = position + 1;
      if (out.length > 0 && out.at(-1)?.paragraph === paragraph) paragraph += 1;
      continue;
    }
    let end = position + 1;
    while (end < text.length && CLOSERS.includes(text[end] as string)) end += 1;
    const next = text[end];
    if (next !== undefined && !/\s/.test(next)) continue;
    if (char === "." && ABBREVIATIONS.test(text.slice(Math.max(0, position - 8), position))) continue;
    push(end);
    start = end;
  }
  push(text.length);
  return out;
}

/** Clause boundaries inside a sentence: figures in different clauses belong to different actors. */
const CLAUSE_BREAK = /;|, while |, whereas |, and | while |, but |하고,|했고,|이며,|으며,|고 있으며,/g;

/** Where each clause break of `sentence` starts and ends, in order: read once per sentence, whatever its figures. */
export function clauseBreaks(text: string, sentence: Span): Span[] {
  const body = text.slice(sentence.start, sentence.end);
  return Array.from(body.matchAll(CLAUSE_BREAK), (match) => ({
    start: sentence.start + match.index,
    end: sentence.start + match.index + match[0].length,
  }));
}

/**
 * The clause of `sentence` that contains `position`: from the end of the last break before it to the first break
 * at or after it. `breaks` (from `clauseBreaks`) saves reading the sentence again for each of its figures.
 */
export function clauseOf(
  text: string,
  sentence: Span,
  position: number,
  breaks: readonly Span[] = clauseBreaks(text, sentence),
): Span {
  const low = firstIndex(breaks, (clauseBreak) => clauseBreak.start < position);
  return {
    start: low > 0 ? (breaks[low - 1] as Span).end : sentence.start,
    end: low < breaks.length ? (breaks[low] as Span).start : sentence.end,
  };
}

/** The sentence holding `position` (binary search). */
export function sentenceAt(list: readonly Sentence[], position: number): Sentence | undefined {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const sentence = list[middle] as Sentence;
    if (position < sentence.start) high = middle - 1;
    else if (position >= sentence.end) low = middle + 1;
    else return sentence;
  }
  return undefined;
}
