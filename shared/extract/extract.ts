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
  partiesFor,
} from "./context.ts";
import { findDates, parseReference } from "./dates.ts";
import { DEFAULT_PARTIES } from "./default-parties.ts";
import { findMoney, MAX_NUMBERS, type MoneyMention } from "./money.ts";
import { PartyMatcher } from "./parties.ts";
import { impliedRate } from "./rates.ts";
import { clauseOf, type Sentence, sentenceAt, sentences } from "./sentences.ts";
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

function source(
  input: ExtractInput,
  text: string,
  sentence: Sentence,
  figure: Amount | undefined,
): DraftSource {
  const out: DraftSource = { excerpt: excerpt(text, sentence) };
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
  const categories = categoriesIn(doc.text.slice(sentence.start, sentence.end));
  const commitment: DraftCommitment = {
    title: `${parties[0]?.name ?? "Unnamed"}: ${mention ? describeAmount(mention.amount) : "capacity without a stated amount"}`,
    parties,
    categories: categories.length > 0 ? categories : [],
    sources: [source(input, doc.text, sentence, mention?.amount)],
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

/** The nearest earlier draft, within six sentences, in the same currency and larger: the whole a part belongs to. */
function wholeOf(drafts: readonly Draft[], candidates: readonly Candidate[], index: number): number | null {
  const part = candidates[index] as Candidate;
  for (let earlier = index - 1; earlier >= 0; earlier -= 1) {
    const whole = candidates[earlier] as Candidate;
    if (part.sentence.index - whole.sentence.index > 6) break;
    const a = drafts[earlier]?.commitment.amount;
    const b = drafts[index]?.commitment.amount;
    if (
      a &&
      b &&
      a.currency === b.currency &&
      BigInt(a.high.split(".")[0] as string) > BigInt(b.high.split(".")[0] as string)
    )
      return earlier;
  }
  return null;
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
    const clause = clauseOf(text, sentence, mention.start);
    const named = knownParties(doc, sentence).length > 0;
    const verdict = judge(text, mention, clause, sentence, named, reference?.year);
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
    bySentence.set(sentence.index, [...(bySentence.get(sentence.index) ?? []), mention]);
    figureSentences.add(sentence.index);
  }
  for (const other of otherFigures(text)) ignored.push(other);
  if (candidates.length === 0) {
    const capacityOnly = capacitySentence(doc);
    if (capacityOnly)
      candidates.push({ mention: null, sentence: capacityOnly, clause: capacityOnly, others: bySentence });
  }
  const drafts = candidates.map((candidate) => draftFor(doc, input, candidate));
  candidates.forEach((candidate, index) => {
    if (candidate.mention && PART.test(text.slice(candidate.clause.start, candidate.mention.start)))
      (drafts[index] as Draft).partOf = wholeOf(drafts, candidates, index);
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
