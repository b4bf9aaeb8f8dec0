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
