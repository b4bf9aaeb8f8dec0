// From an announcement's text to draft commitments, implied exchange rates and the figures judged to be context.
import type { Amount } from "../commitments/schema.ts";
import { slugify } from "../domain/slug.ts";
import { truncate } from "../domain/truncate.ts";
import { findAccelerators, findPower } from "./capacity.ts";
import { categoriesIn, judge, otherFigures } from "./classify.ts";
import {
  capacityFor,
  countryFor,
  type Document,
  dateFor,
  knownParties,
  neighbours,
  once,
  partiesFor,
} from "./context.ts";
import { findDates, parseReference } from "./dates.ts";
import { DEFAULT_PARTIES } from "./default-parties.ts";
import { findMoney, MAX_NUMBERS, type MoneyMention, type Span } from "./money.ts";
import { PartyMatcher } from "./parties.ts";
import { impliedRate } from "./rates.ts";
import { clauseBreaks, clauseOf, type Sentence, sentenceAt, sentences } from "./sentences.ts";
import type {
  Draft,
  DraftCommitment,
  DraftSource,
  ExtractInput,
  ExtractOptions,
  ExtractResult,
  IgnoredFigure,
} from "./types.ts";
import { extractInput } from "./types.ts";
import { describeAmount, validateDraft } from "./validate.ts";

/** "including €20 billion", "2000억유로 가운데 500억 유로", "나머지 1500억유로": a part of a larger figure. */
const PART =
  /(?:금|액)\s?중(?=\s)|가운데|이 중|그중|나머지|포함|\binclud(?:ing|es|ed)\b|incl\.|of which|\bbeginning\b|first phase|\bpart of\b/i;
const EXCERPT_LIMIT = 1000;

const amountKey = (amount: Amount) => `${amount.currency} ${amount.low} ${amount.high} ${amount.qualifier}`;

function excerpt(text: string, sentence: Sentence): string {
  const body = text.slice(sentence.start, sentence.end).replace(/\s+/g, " ");
  return body.length <= EXCERPT_LIMIT ? body : `${truncate(body, EXCERPT_LIMIT - 1)}…`;
}

function source(input: ExtractInput, excerpt: string, figure: Amount | undefined): DraftSource {
  const out: DraftSource = { excerpt };
  if (input.url) out.url = input.url;
  if (input.publisher) out.publisher = input.publisher;
  if (input.title) out.title = input.title;
  if (input.publishedOn?.length === 10) out.publishedOn = input.publishedOn;
  if (input.language) out.language = input.language;
  if (figure) out.figure = figure;
  return out;
}

interface Candidate {
  mention: MoneyMention | null;
  /** The commitment figures of each sentence, to share a sentence's parties out among them. */
  others: ReadonlyMap<number, MoneyMention[]>;
  sentence: Sentence;
  clause: { start: number; end: number };
}

function draftFor(doc: Document, input: ExtractInput, candidate: Candidate): Draft {
  const { mention, sentence, clause } = candidate;
  const parties = partiesFor(doc, sentence, mention ?? sentence, candidate.others.get(sentence.index) ?? []);
  const date = dateFor(doc, sentence);
  const capacity = capacityFor(doc, sentence);
  const country = countryFor(doc, sentence, clause);
  const categories = once(doc, "categories", sentence, () =>
    categoriesIn(doc.text.slice(sentence.start, sentence.end)),
  );
  const commitment: DraftCommitment = {
    title: `${parties[0]?.name ?? "Unnamed"}: ${mention ? describeAmount(mention.amount) : "capacity without a stated amount"}`,
    parties,
    categories: [...categories],
    sources: [
      source(
        input,
        once(doc, "excerpt", sentence, () => excerpt(doc.text, sentence)),
        mention?.amount,
      ),
    ],
  };
  if (date) {
    commitment.announcedOn = date.mention.date;
    commitment.announcedOnPrecision = date.mention.precision;
  }
  if (mention) commitment.amount = mention.amount;
  if (country) commitment.location = { country };
  if (capacity) commitment.capacity = capacity;
  const { missing, problems } = validateDraft(commitment);
  const figureEnd = mention?.conversion ? doc.text.indexOf(")", mention.conversion.end) + 1 : mention?.end;
  return {
    commitment,
    missing,
    problems,
    evidence: {
      sentence: { start: sentence.start, end: sentence.end },
      figure: mention ? { start: mention.start, end: figureEnd as number } : null,
    },
    partySlugs: Object.fromEntries(
      parties.map((party) => [party.name, doc.matcher.slugOf(party.name) ?? slugify(party.name)]),
    ),
    partOf: null,
    announcedOnFrom: date?.from ?? null,
  };
}

/**
 * For each draft, the nearest earlier one within six sentences, in the same currency and larger: the whole it
 * would belong to as a part. One pass with a stack per currency of the drafts not yet outdone by a later, at
 * least as large one (the nearest larger draft is on it), so many figures in one sentence stay linear.
 */
function wholes(drafts: readonly Draft[], candidates: readonly Candidate[]): (number | null)[] {
  const stacks = new Map<string, { index: number; high: bigint }[]>();
  return drafts.map((draft, index) => {
    const amount = draft.commitment.amount;
    if (!amount) return null;
    const high = BigInt(amount.high.split(".")[0] as string);
    const stack = stacks.get(amount.currency) ?? [];
    stacks.set(amount.currency, stack);
    while (stack.length > 0 && (stack.at(-1) as { high: bigint }).high <= high) stack.pop();
    const whole = stack.at(-1)?.index;
    stack.push({ index, high });
    if (whole === undefined) return null;
    const distance =
      (candidates[index] as Candidate).sentence.index - (candidates[whole] as Candidate).sentence.index;
    return distance > 6 ? null : whole;
  });
}

/** Extracts draft commitments from an announcement's text (pure: no network, no clock). */
export function extractDrafts(raw: ExtractInput, options: ExtractOptions = {}): ExtractResult {
  const input = extractInput.parse(raw);
  const text = input.text;
  const reference = parseReference(input.publishedOn);
  const notes: string[] = [];
  const list = sentences(text);
  const { mentions, skippedNumbers } = findMoney(text);
  if (skippedNumbers > 0) notes.push(`${skippedNumbers} numbers past the first ${MAX_NUMBERS} were not read`);
  const figureSentences = new Set<number>();
  const doc: Document = {
    text,
    sentences: list,
    dates: findDates(text, reference),
    matcher: new PartyMatcher(options.registry ?? DEFAULT_PARTIES),
    figureSentences,
    cache: new Map(),
  };
  const ignored: IgnoredFigure[] = [];
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  const bySentence = new Map<number, MoneyMention[]>();
  const figures = mentions.filter((mention) => !mention.isConversion);
  for (const mention of figures) {
    const sentence = sentenceAt(list, mention.start);
    if (!sentence) continue;
    const breaks = once(doc, "clause breaks", sentence, () => clauseBreaks(text, sentence));
    const clause = clauseOf(text, sentence, mention.start, breaks);
    const named = knownParties(doc, sentence).length > 0;
    const verdict = judge(text, mention, clause, sentence, named, reference?.year, (kind, span, compute) =>
      once(doc, kind, span, compute),
    );
    const written = text.slice(mention.start, mention.end);
    if (!verdict.commitment) {
      ignored.push({
        start: mention.start,
        end: mention.end,
        written,
        amount: mention.amount,
        reason: verdict.reason,
      });
      continue;
    }
    const key = amountKey(mention.amount);
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push({ mention, sentence, clause, others: bySentence });
    const inSentence = bySentence.get(sentence.index);
    if (inSentence) inSentence.push(mention);
    else bySentence.set(sentence.index, [mention]);
    figureSentences.add(sentence.index);
  }
  for (const other of otherFigures(text)) ignored.push(other);
  if (candidates.length === 0) {
    const capacityOnly = capacitySentence(doc);
    if (capacityOnly)
      candidates.push({ mention: null, sentence: capacityOnly, clause: capacityOnly, others: bySentence });
  }
  const drafts = candidates.map((candidate) => draftFor(doc, input, candidate));
  const larger = wholes(drafts, candidates);
  candidates.forEach((candidate, index) => {
    if (candidate.mention && partBefore(doc, candidate.clause, candidate.mention.start))
      (drafts[index] as Draft).partOf = larger[index] ?? null;
  });
  const byStart = new Map(drafts.map((draft) => [draft.evidence.figure?.start, draft]));
  const impliedRates = mentions.flatMap((mention) => {
    if (!mention.conversion) return [];
    const draft = byStart.get(mention.start);
    const rate = impliedRate(text, mention, input, draft?.commitment);
    return rate ? [rate] : [];
  });
  if (!reference && doc.dates.length === 0 && /\d{1,2}일|day|week|month/i.test(text.slice(0, 100_000)))
    notes.push("no publishedOn: relative dates (지난 22일, last week, on Tuesday) were not resolved");
  return { drafts, impliedRates, ignored: ignored.sort((a, b) => a.start - b.start), notes };
}

/**
 * Whether a word of a part ("including", "가운데") comes between the start of `clause` and `position`. The first such
 * word of the clause is found once: a clause with many figures is not read again for each.
 */
function partBefore(doc: Document, clause: Span, position: number): boolean {
  const first = once(doc, "part", clause, () => {
    const match = PART.exec(doc.text.slice(clause.start, clause.end));
    return match ? clause.start + match.index + match[0].length : null;
  });
  return first !== null && first <= position;
}

/** For a text with no money at all: the first sentence stating capacity with a party and a word of building. */
function capacitySentence(doc: Document): Sentence | null {
  for (const sentence of doc.sentences) {
    const body = doc.text.slice(sentence.start, sentence.end);
    if (findPower(doc.text, sentence).length === 0 && findAccelerators(doc.text, sentence).length === 0)
      continue;
    if (!/build|develop|deploy|add|construct|invest|plan|구축|건설|설립|확보|공급|도입|투자/i.test(body))
      continue;
    const named = neighbours(doc, sentence).some((near) => knownParties(doc, near).length > 0);
    if (named) return sentence;
  }
  return null;
}
