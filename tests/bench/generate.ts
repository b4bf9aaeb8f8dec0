/**
 * Generated commitments for the bench and the fault runs. Every field is a function of the index over a fixed
 * set of values, so 1,000 and 10,000 records have the same shape: the same share per country, category, party,
 * status, confidence and month. Each figure is unique (the index is in its last digits), so no two records
 * share a fingerprint and none is refused as a duplicate.
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

/** The `index`th generated commitment; `unique` separates runs that write to one table. */
export function generatedCommitment(index: number, unique = 0): Record<string, unknown> {
  const country = pick(COUNTRIES, index);
  const category = pick(CATEGORIES, Math.floor(index / 8));
  const categories = index % 3 === 0 ? [category, pick(CATEGORIES, Math.floor(index / 8) + 3)] : [category];
  const funder = pick(FUNDERS, index * 7);
  const month = pick(MONTHS, index * 11);
  const day = String((index % 28) + 1).padStart(2, "0");
  const millions = 10 + ((index * 7919) % 90_000);
  // The last nine digits are (unique, index), so no two records share a figure (part of the fingerprint).
  const suffix = `${String(unique % 1000).padStart(3, "0")}${String(index).padStart(6, "0")}`;
  const value = `${millions}${suffix}`;
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
        ? { currency, low: value, high: `${millions + 1}${suffix}`, qualifier: "range" }
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

export function generatedCommitments(count: number, options: { from?: number; unique?: number } = {}) {
  const from = options.from ?? 0;
  return Array.from({ length: count }, (_, offset) => generatedCommitment(from + offset, options.unique));
}
