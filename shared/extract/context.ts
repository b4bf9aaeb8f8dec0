// What surrounds a figure: its parties, date, capacity and country, read from its clause, its sentence and, when
// those say nothing, the neighbouring sentences of its paragraph.
import { findAccelerators, findPower } from "./capacity.ts";
import { countryIn } from "./countries.ts";
import type { DateMention } from "./dates.ts";
import type { Span } from "./money.ts";
import type { PartyMatcher, PartyMention } from "./parties.ts";
import { unknownOrganisations } from "./parties.ts";
import { firstIndex } from "./search.ts";
import type { Sentence } from "./sentences.ts";
import type { DraftCommitment, DraftParty } from "./types.ts";

/** The parsed text, shared by every figure's look-up. */
export interface Document {
  text: string;
  sentences: readonly Sentence[];
  dates: readonly DateMention[];
  matcher: PartyMatcher;
  /** Indexes of sentences that hold a commitment figure: their neighbours' facts are their own. */
  figureSentences: ReadonlySet<number>;
  /** Per-sentence results already computed (a sentence is read for each of its figures and its neighbours'). */
  cache: Map<string, unknown>;
}

/** `compute` once per sentence and kind: keeps texts with thousands of figures linear. */
export function once<T>(doc: Document, kind: string, span: Span, compute: () => T): T {
  const key = `${kind} ${span.start} ${span.end}`;
  if (!doc.cache.has(key)) doc.cache.set(key, compute());
  return doc.cache.get(key) as T;
}

/** A sentence that goes on about the one before: "이는 …", "This …", "The project …". */
const ELABORATES =
  /^\s*(?:이는|이\s|이들|해당|this\b|it\b|the (?:project|venture|initiative|company|deal|plan|fund)\b)/i;
const PARTNERS = /파트너|partner/i;

/** Longer than any opening ELABORATES matches (sentences start at a non-space), so a long sentence is not copied. */
const OPENING = 40;

function elaborates(doc: Document, sentence: Sentence): boolean {
  return ELABORATES.test(doc.text.slice(sentence.start, Math.min(sentence.end, sentence.start + OPENING)));
}

/** Sentences to read for `sentence`, nearest meaning first: itself, then neighbours of its paragraph. */
export function neighbours(doc: Document, sentence: Sentence): Sentence[] {
  const same = (other: Sentence | undefined) =>
    other !== undefined && other.paragraph === sentence.paragraph && !doc.figureSentences.has(other.index);
  const next = doc.sentences[sentence.index + 1];
  const previous = [doc.sentences[sentence.index - 1], doc.sentences[sentence.index - 2]].filter(
    same,
  ) as Sentence[];
  const elaborating = same(next) && elaborates(doc, next as Sentence);
  return [
    sentence,
    ...(elaborating ? [next as Sentence] : []),
    ...previous,
    ...(same(next) && !elaborating ? [next as Sentence] : []),
  ];
}

function partiesIn(doc: Document, span: Span): PartyMention[] {
  return once(doc, "parties", span, () => {
    const known = doc.matcher.find(doc.text, span);
    return [...known, ...unknownOrganisations(doc.text, span, known)].sort((a, b) => a.start - b.start);
  });
}

/** Registry parties named in a span (cached). */
export function knownParties(doc: Document, span: Span): PartyMention[] {
  return once(doc, "known", span, () => doc.matcher.find(doc.text, span));
}

function role(mention: PartyMention, partner: boolean): DraftParty {
  const party: DraftParty = {
    name: mention.name,
    role: mention.kind === "government" ? "government" : partner ? "technology-partner" : "funder",
  };
  if (mention.kind) party.kind = mention.kind;
  return party;
}

/** A vendor named with its product ("엔비디아 H100", "NVIDIA GB300") supplies the hardware; it is not a party. */
const VENDOR_OF =
  /^\s?(?:의\s?)?(?:H\d{2,3}|GB\d{3}|B\d{3}|A100|MI\d{3}|Blackwell|블랙웰|GPU|그래픽처리장치|chips?\b|칩)/i;
/** Sentences after a figure that name its parties by role: partners, funders. */
const ROLE_SENTENCES: readonly [RegExp, boolean][] = [
  [/파트너|partner/i, true],
  [/funders?\b|investors?\b|backers?\b|shareholders?\b|투자자|출자|주주/i, false],
];

const distance = (mention: Span, to: Span) =>
  mention.start >= to.end ? mention.start - to.end : Math.max(0, to.start - mention.end);

/**
 * The parties of a sentence shared out among its figures (in text order, not overlapping): each party goes to
 * the figures nearest it (all of them on a tie). Read once per sentence: the figures either side of a party are
 * found by binary search, so a sentence with many parties and figures stays near-linear.
 */
function sharedOut(doc: Document, sentence: Sentence, figures: readonly Span[]): Map<Span, PartyMention[]> {
  return once(doc, "shared out", sentence, () => {
    const out = new Map<Span, PartyMention[]>(figures.map((figure) => [figure, []]));
    for (const mention of partiesIn(doc, sentence)) {
      // The first figure ending after the party starts: it and the one before are the nearest either side.
      const low = firstIndex(figures, (figure) => figure.end <= mention.start);
      const near = figures.slice(Math.max(0, low - 1), low + 1);
      // Figures overlapping the party are all at distance 0: take every one after the first too.
      for (
        let index = low + 1;
        index < figures.length && distance(mention, figures[index] as Span) === 0;
        index++
      )
        near.push(figures[index] as Span);
      const least = Math.min(...near.map((figure) => distance(mention, figure)));
      for (const figure of near) if (distance(mention, figure) === least) out.get(figure)?.push(mention);
    }
    return out;
  });
}

/**
 * Parties of a figure: those of its sentence (shared out to the nearest figure when the sentence holds several),
 * else those of the nearest neighbour naming any; then partners and funders the next sentences name.
 */
export function partiesFor(
  doc: Document,
  sentence: Sentence,
  figure: Span,
  figures: readonly Span[],
): DraftParty[] {
  const usable = (mention: PartyMention) => !VENDOR_OF.test(doc.text.slice(mention.end, mention.end + 12));
  const mine =
    sharedOut(doc, sentence, figures).get(figure) ??
    partiesIn(doc, sentence).filter((mention) =>
      figures.every((other) => distance(mention, figure) <= distance(mention, other)),
    );
  let found = mine.filter(usable);
  let from = sentence;
  if (found.length === 0) {
    for (const candidate of neighbours(doc, sentence).slice(1)) {
      found = partiesIn(doc, candidate).filter(usable);
      from = candidate;
      if (found.length > 0) break;
    }
  }
  const out: DraftParty[] = [];
  const names = new Set<string>();
  const add = (mention: PartyMention, partner: boolean) => {
    if (names.has(mention.name)) return;
    names.add(mention.name);
    out.push(role(mention, partner));
  };
  const partnerSentence = once(doc, "partners", from, () =>
    PARTNERS.test(doc.text.slice(from.start, from.end)),
  );
  for (const mention of found) add(mention, partnerSentence);
  for (let index = Math.max(from.index, sentence.index) + 1; index <= sentence.index + 2; index += 1) {
    const next = doc.sentences[index];
    if (!next || next.paragraph !== sentence.paragraph || doc.figureSentences.has(index)) break;
    const kind = once(doc, "roles", next, () => {
      const words = doc.text.slice(next.start, next.end);
      return ROLE_SENTENCES.find(([pattern]) => pattern.test(words));
    });
    if (!kind) continue;
    for (const mention of partiesIn(doc, next).filter(usable)) add(mention, kind[1]);
  }
  return out;
}

/** The announcement date: in the figure's sentence, else in its neighbours. */
export function dateFor(
  doc: Document,
  sentence: Sentence,
): { mention: DateMention; from: "sentence" | "context" } | null {
  for (const candidate of neighbours(doc, sentence)) {
    const best = once(doc, "date", candidate, () => {
      // The dates are in text order and do not overlap: those inside the sentence are one run of them.
      const low = firstIndex(doc.dates, (date) => date.start < candidate.start);
      let end = low;
      while (end < doc.dates.length && (doc.dates[end] as DateMention).end <= candidate.end) end += 1;
      return doc.dates.slice(low, end).sort((a, b) => rank(a) - rank(b))[0];
    });
    if (best) return { mention: best, from: candidate === sentence ? "sentence" : "context" };
  }
  return null;
}

const rank = (date: DateMention) => ["day", "month", "quarter", "year"].indexOf(date.precision);

/** Capacity stated in the figure's sentence, else in a neighbour (one without a figure of its own). */
export function capacityFor(doc: Document, sentence: Sentence): DraftCommitment["capacity"] {
  for (const candidate of neighbours(doc, sentence)) {
    const power = once(doc, "power", candidate, () => findPower(doc.text, candidate))[0];
    const accelerators = once(doc, "accelerators", candidate, () => findAccelerators(doc.text, candidate));
    if (!power && accelerators.length === 0) continue;
    const capacity: NonNullable<DraftCommitment["capacity"]> = {};
    if (power) capacity.powerMw = Number(power.megawatts);
    const models = new Map<string, number>();
    for (const { model, count } of accelerators) if (!models.has(model)) models.set(model, count);
    if (models.size > 1) models.delete("GPU");
    if (models.size > 0) capacity.accelerators = [...models].map(([model, count]) => ({ model, count }));
    return capacity;
  }
  return undefined;
}

/** The country named as a place in the clause, the sentence or a neighbour. */
export function countryFor(doc: Document, sentence: Sentence, clause: Span): string | null {
  for (const span of [clause, ...neighbours(doc, sentence)]) {
    const country = once(doc, "country", span, () => countryIn(doc.text, span));
    if (country) return country;
  }
  return null;
}
