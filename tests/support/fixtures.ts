import { type CommitmentInput, commitmentInput as schema } from "../../shared/commitments/schema.ts";

/** Valid commitment inputs for tests, from the public figures in the facts file; override what a test varies. */
let counter = 0;

export function commitmentInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    title: `Microsoft AI data centers, fiscal 2025 (${counter})`,
    announcedOn: "2025-01-03",
    parties: [{ name: `Microsoft ${counter}`, role: "funder", kind: "company" }],
    amount: { currency: "USD", value: "80000000000", qualifier: "approximately" },
    categories: ["data-center"],
    // Microsoft's figure was worldwide; and two multi-country deals with no party in common are not alike
    // (SPEC 2's near-duplicate rule), so defaults never refuse each other.
    location: { country: "XX" },
    confidence: "official",
    sources: [
      {
        url: "https://blogs.microsoft.com/on-the-issues/2025/01/03/the-golden-opportunity-for-american-ai/",
        publisher: "Microsoft",
      },
    ],
    ...overrides,
  };
}

/** The same, validated as the store receives it. */
export function parsedCommitment(overrides: Record<string, unknown> = {}): CommitmentInput {
  return schema.parse(commitmentInput(overrides));
}

/**
 * A commitment as large as the schema lets one be, in Korean (three bytes a character): `parties` funders with
 * 200-character names, every category, and sources with full-length titles and excerpts, as many as keep it within
 * `bytes` of JSON (or 20, past it when `bytes` is more than the limit).
 */
export function largeCommitmentInput(
  options: { bytes: number; parties?: number; tag?: string },
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const tag = options.tag ?? String(++counter);
  const hangul = (length: number, from: number) =>
    Array.from({ length }, (_, index) => String.fromCharCode(0xac00 + ((from + index * 31) % 11172))).join(
      "",
    );
  const source = (index: number) => ({
    url: `https://news.example.kr/${tag}/${index}`,
    publisher: hangul(200, index),
    title: hangul(500, index + 1),
    excerpt: hangul(1000, index + 2),
  });
  const base = commitmentInput({
    title: `${tag} ${hangul(190, 7)}`,
    description: hangul(4000, 11),
    parties: Array.from({ length: options.parties ?? 1 }, (_, index) => ({
      name: `${index} ${tag} ${hangul(190, index)}`,
      role: "funder",
      kind: "company",
    })),
    categories: ["data-center", "compute", "energy", "chips", "network", "research", "talent", "other"],
    location: { country: "KR", region: hangul(100, 3), site: hangul(200, 5) },
    ...overrides,
  });
  const size = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;
  const sources: Record<string, unknown>[] = [];
  for (let index = 0; index < 20; index++) {
    const next = { ...base, sources: [...sources, source(index)] };
    if (sources.length > 0 && size(next) > options.bytes) break;
    sources.push(source(index));
  }
  return { ...base, sources };
}
