// Scores the extractor against labelled texts: precision and recall per field and per language.
import type { Amount } from "../commitments/schema.ts";
import { extractDrafts } from "./extract.ts";
import type { RegistryParty } from "./parties.ts";
import type { DraftCommitment } from "./types.ts";

export interface LabelledCommitment {
  amount: Amount | null;
  announcedOn: string | null;
  announcedOnPrecision?: string;
  parties: string[];
  capacity?: { powerMw?: number; accelerators?: { model: string; count: number }[] };
  country?: string;
  partOf?: number;
}

export interface CorpusEntry {
  id: string;
  language: string;
  url: string;
  publisher: string;
  publishedOn?: string;
  text: string;
  expected: LabelledCommitment[];
}

export const FIELDS = ["amount", "date", "parties", "capacity", "country"] as const;
export type Field = (typeof FIELDS)[number];

export interface Tally {
  correct: number;
  predicted: number;
  expected: number;
}

export interface Score {
  /** Per language ("ko", "en", "all"), per field. */
  byLanguage: Record<string, Record<Field, Tally>>;
  texts: number;
}

const empty = (): Record<Field, Tally> =>
  Object.fromEntries(FIELDS.map((field) => [field, { correct: 0, predicted: 0, expected: 0 }])) as Record<
    Field,
    Tally
  >;

const amountKey = (amount: Amount | null | undefined) =>
  amount ? `${amount.currency} ${amount.low} ${amount.high} ${amount.qualifier}` : null;

function capacityItems(capacity: LabelledCommitment["capacity"] | DraftCommitment["capacity"]): string[] {
  const items: string[] = [];
  if (capacity?.powerMw !== undefined) items.push(`power ${capacity.powerMw}`);
  for (const { model, count } of capacity?.accelerators ?? []) items.push(`${model.toLowerCase()} ${count}`);
  return items;
}

/** Labels paired with drafts: same amount first, then same currency and high end, then the amount-less ones. */
function pair(
  expected: LabelledCommitment[],
  drafts: DraftCommitment[],
): [LabelledCommitment, DraftCommitment][] {
  const pairs: [LabelledCommitment, DraftCommitment][] = [];
  const free = new Set(drafts);
  const rules: ((label: LabelledCommitment, draft: DraftCommitment) => boolean)[] = [
    (label, draft) => label.amount !== null && amountKey(label.amount) === amountKey(draft.amount),
    (label, draft) =>
      label.amount !== null &&
      label.amount.currency === draft.amount?.currency &&
      label.amount.high === draft.amount.high,
    (label, draft) => label.amount === null && draft.amount === undefined,
  ];
  const open = new Set(expected);
  for (const rule of rules) {
    for (const label of [...open]) {
      const draft = [...free].find((candidate) => rule(label, candidate));
      if (!draft) continue;
      pairs.push([label, draft]);
      free.delete(draft);
      open.delete(label);
    }
  }
  return pairs;
}

function count(tally: Tally, predicted: readonly string[], expected: readonly string[], correct: number) {
  tally.predicted += predicted.length;
  tally.expected += expected.length;
  tally.correct += correct;
}

function scoreText(entry: CorpusEntry, drafts: DraftCommitment[], into: Record<Field, Tally>): void {
  const pairs = pair(entry.expected, drafts);
  const amounts = into.amount;
  amounts.predicted += drafts.filter((draft) => draft.amount).length;
  amounts.expected += entry.expected.filter((label) => label.amount).length;
  amounts.correct += pairs.filter(
    ([label, draft]) => label.amount && amountKey(label.amount) === amountKey(draft.amount),
  ).length;
  for (const label of entry.expected) {
    into.date.expected += label.announcedOn ? 1 : 0;
    into.country.expected += label.country ? 1 : 0;
    into.parties.expected += label.parties.length;
    into.capacity.expected += capacityItems(label.capacity).length;
  }
  for (const [label, draft] of pairs) {
    if (draft.announcedOn) {
      into.date.predicted += 1;
      if (
        draft.announcedOn === label.announcedOn &&
        draft.announcedOnPrecision === (label.announcedOnPrecision ?? "day")
      )
        into.date.correct += 1;
    }
    if (draft.location) {
      into.country.predicted += 1;
      if (draft.location.country === label.country) into.country.correct += 1;
    }
    const names = draft.parties.map((party) => party.name);
    count(into.parties, names, [], names.filter((name) => label.parties.includes(name)).length);
    const predictedItems = capacityItems(draft.capacity);
    const expectedItems = capacityItems(label.capacity);
    count(
      into.capacity,
      predictedItems,
      [],
      predictedItems.filter((item) => expectedItems.includes(item)).length,
    );
  }
}

/** Runs the extractor over every entry and tallies the fields, per language and overall. */
export function scoreCorpus(entries: readonly CorpusEntry[], registry?: readonly RegistryParty[]): Score {
  const byLanguage: Record<string, Record<Field, Tally>> = { all: empty() };
  for (const entry of entries) {
    const input = { text: entry.text, url: entry.url, language: entry.language, publisher: entry.publisher };
    const result = extractDrafts(
      entry.publishedOn ? { ...input, publishedOn: entry.publishedOn } : input,
      registry ? { registry } : {},
    );
    const drafts = result.drafts.map((draft) => draft.commitment);
    byLanguage[entry.language] ??= empty();
    scoreText(entry, drafts, byLanguage[entry.language] as Record<Field, Tally>);
    scoreText(entry, drafts, byLanguage.all as Record<Field, Tally>);
  }
  return { byLanguage, texts: entries.length };
}

export const precision = (tally: Tally) => (tally.predicted === 0 ? 1 : tally.correct / tally.predicted);
export const recall = (tally: Tally) => (tally.expected === 0 ? 1 : tally.correct / tally.expected);

/** A plain-text table of a score. */
export function formatScore(title: string, score: Score): string {
  const lines = [
    `${title} (${score.texts} texts)`,
    "language  field      precision  recall   correct/predicted/expected",
  ];
  for (const [language, fields] of Object.entries(score.byLanguage)) {
    for (const field of FIELDS) {
      const tally = fields[field];
      lines.push(
        `${language.padEnd(9)} ${field.padEnd(10)} ${precision(tally).toFixed(2).padStart(9)}  ${recall(tally).toFixed(2).padStart(6)}   ${tally.correct}/${tally.predicted}/${tally.expected}`,
      );
    }
  }
  return lines.join("\n");
}
