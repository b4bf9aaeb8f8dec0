/**
 * Generated commitments for the bench and the fault runs. Every field is a function of the index over a fixed
 * set of values, so 1,000 and 10,000 records have the same shape: the same share per country, category, party,
 * status, confidence and month. No two of the first 10,728 records are duplicates or near-duplicates (SPEC 2),
 * so none is refused: see `figureOf`.
 */
import { CATEGORIES, CONFIDENCES, STATUSES } from "../../shared/commitments/schema.ts";

export const COUNTRIES = ["US", "KR", "FR", "JP", "GB", "DE", "IN", "AE"] as const;
export const FUNDERS = Array.from(
  { length: 25 },
  (_, index) => `Funder ${String.fromCharCode(65 + index)} Holdings`,
);
/** 36 announcement months, 2023-01 … 2025-12. */
export const MONTHS = Array.from({ length: 36 }, (_, index) => {
  const year = 2023 + Math.floor(index / 12);
  return `${year}-${String((index % 12) + 1).padStart(2, "0")}`;
});
/** In one title in ten, for the `q` filter. */
export const KEYWORD = "sovereign";
/** The EUR rate the generated EUR amounts are converted with (seed it with `eurRate`). */
export const eurRate = {
  date: "2022-01-01",
  input: { usdPerUnit: "1.08", kind: "market" as const, source: "bench fixture" },
};

// Weighted picks by index: 10 slots each, so every size has the same proportions.
const STATUS_SLOTS = [0, 0, 0, 0, 1, 1, 2, 3, 4, 5].map((index) => STATUSES[index] as string);
const CONFIDENCE_SLOTS = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2].map((index) => CONFIDENCES[index] as string);

const pick = <T>(values: readonly T[], index: number): T => values[index % values.length] as T;

/**
 * Figures 8 % apart, one for each index modulo a prime, 149: $10M to about $880B. Records that could be
 * near-duplicates share a country and a month (a country's records fall in months four apart, and in the same
 * month every 72 indexes) or a funder and a month or its neighbour (indexes 275, 625, 900 … apart); none of
 * those distances is a multiple of 149 below 10,728, so such records never share a figure, and other figures
 * are at least 8 % apart. A range's high is 1 % above its low, still more than 5 % from the next figure.
 */
const FIGURES = 149;
function figureOf(index: number): bigint {
  const step = BigInt(index % FIGURES);
  return (10_000_000n * 108n ** step) / 100n ** step;
}

/** The `index`th generated commitment; runs that write to one table take indexes of their own. */
export function generatedCommitment(index: number): Record<string, unknown> {
  const country = pick(COUNTRIES, index);
  const category = pick(CATEGORIES, Math.floor(index / 8));
  const categories = index % 3 === 0 ? [category, pick(CATEGORIES, Math.floor(index / 8) + 3)] : [category];
  const funder = pick(FUNDERS, index * 7);
  const month = pick(MONTHS, index * 11);
  const day = String((index % 28) + 1).padStart(2, "0");
  const figure = figureOf(index);
  const value = figure.toString();
  const currency = index % 10 === 7 ? "EUR" : "USD";
  const parties: Record<string, unknown>[] = [{ name: funder, role: "funder", kind: "company" }];
  if (index % 4 === 0)
    parties.push({ name: pick(FUNDERS, index * 3 + 1), role: "operator", kind: "company" });
  return {
    title: `${funder} ${category} programme${index % 10 === 0 ? ` (${KEYWORD} partnership)` : ""} #${index}`,
    description: `Generated commitment ${index} for the benchmark: ${categories.join(", ")} in ${country}.`,
    announcedOn: `${month}-${day}`,
    announcedOnPrecision: "day",
    parties,
    // Every record has a figure: records without one share the fingerprint "-" and would be refused as duplicates.
    amount:
      index % 5 === 1
        ? { currency, low: value, high: (figure + figure / 100n).toString(), qualifier: "range" }
        : { currency, value, qualifier: index % 2 === 0 ? "approximately" : "up-to" },
    categories,
    location: { country, ...(index % 3 === 1 ? { region: `Region ${index % 7}` } : {}) },
    status: pick(STATUS_SLOTS, index),
    confidence: pick(CONFIDENCE_SLOTS, index * 3),
    sources: [
      {
        url: `https://news.example.com/${month}/${index}`,
        publisher: "Example News",
        title: `${funder} commits to ${category}`,
        publishedOn: `${month}-${day}`,
        language: "en",
      },
    ],
    tags: ["generated", `batch-${Math.floor(index / 100)}`],
  };
}

export function generatedCommitments(count: number, options: { from?: number } = {}) {
  const from = options.from ?? 0;
  return Array.from({ length: count }, (_, offset) => generatedCommitment(from + offset));
}

/** The KRW rate a generated ledger is converted with from 2024 on (KRW figures before it stay unconverted). */
export const krwRate = {
  date: "2024-01-01",
  input: { unitsPerUsd: "1350", kind: "official" as const, source: "generated ledger" },
};

/** Every 20th record of a generated ledger is a part of the record 19 before it. */
export const partOf = (index: number): number | undefined => (index % 20 === 19 ? index - 19 : undefined);

/**
 * A record of a generated ledger, as input: the bench's commitment with what an export must carry besides (KRW
 * figures and Korean text, a title that looks like a formula, capacity, a period, a second source stating another
 * figure). `partOf(index)` says which earlier record it is part of; the caller sets `parentId`.
 */
export function generatedLedgerRecord(index: number): Record<string, unknown> {
  const base = generatedCommitment(index) as Record<string, unknown> & {
    amount: Record<string, string>;
    sources: Record<string, unknown>[];
    parties: Record<string, unknown>[];
  };
  const record: Record<string, unknown> = { ...base };
  if (index % 10 === 3) {
    const amount = Object.fromEntries(
      Object.entries(base.amount).map(([name, value]) => [name, /^\d+$/.test(value) ? `${value}000` : value]),
    );
    record.amount = { ...amount, currency: "KRW" };
    record.title = `국가 AI 컴퓨팅 센터 ${index}호 (${base.title})`;
    record.parties = [...base.parties, { name: "네이버클라우드", role: "operator", kind: "company" }];
    record.location = { country: "KR", region: "전라남도", site: "해남 솔라시도" };
  }
  if (index % 50 === 5) record.title = `=HYPERLINK("https://example.com") ${base.title}`;
  if (index % 7 === 0)
    record.capacity = {
      powerMw: 100 + (index % 9) * 12.5,
      accelerators: [{ model: "H100", count: 1000 + index }],
    };
  if (index % 6 === 0) record.period = { start: "2025", end: `${2026 + (index % 4)}` };
  const amount = record.amount as Record<string, string>;
  if (index % 9 === 0)
    record.sources = [
      ...base.sources,
      {
        url: `https://press.example.kr/${index}`,
        language: "ko",
        excerpt: '최대 규모의 투자, "공식 발표" 전 보도',
        figure: { currency: amount.currency, value: amount.high ?? amount.value, qualifier: "approximately" },
      },
    ];
  return record;
}
