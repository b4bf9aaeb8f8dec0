import { describe, expect, it } from "vitest";
import { extractDrafts, withinAnswer } from "../../shared/extract/index.ts";

const text = `OpenAI will invest ${Array.from({ length: 40 }, (_, index) => `$${index + 1} billion`).join(" ")}.`;

describe("an answer within what one response holds", () => {
  it("is the extraction itself when it fits", () => {
    const result = extractDrafts({ text });

    expect(withinAnswer(result)).toBe(result);
  });

  it("keeps the first drafts in order, leaves out the rest and says how many", () => {
    const result = extractDrafts({ text });
    const bound = JSON.stringify(result).length / 2;

    const answer = withinAnswer(result, bound);

    expect({
      fits: JSON.stringify(answer).length <= bound,
      kept: answer.drafts,
      note: answer.notes.at(-1),
    }).toEqual({
      fits: true,
      kept: result.drafts.slice(0, answer.drafts.length),
      note: `${result.drafts.length - answer.drafts.length} drafts were left out, the last ones found: one answer holds ${(bound / 1024 / 1024).toFixed(1)} MB; paste a shorter part of the text to see them`,
    });
    expect(answer.drafts.length).toBeGreaterThan(5);
  });
});
