import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { truncate } from "../../shared/domain/truncate.ts";

describe("truncate", () => {
  it("keeps text within the limit as it is", () => {
    expect(truncate("ab𠀀", 4)).toBe("ab𠀀");
  });

  it("leaves out a character outside the BMP that the limit would split", () => {
    expect(truncate("ab𠀀", 3)).toBe("ab");
  });

  it("gives a well-formed prefix of at most `limit` code units, at most one short of it", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "é", "𠀀", "😀") }), fc.nat(40), (text, limit) => {
        const cut = truncate(text, limit);
        return (
          cut.isWellFormed() &&
          text.startsWith(cut) &&
          cut.length <= limit &&
          cut.length >= Math.min(text.length, limit) - 1
        );
      }),
    );
  });
});
