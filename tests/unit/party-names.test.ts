import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { namesOf, normaliseName } from "../../shared/parties/names.ts";

describe("normaliseName", () => {
  it("folds case", () => {
    expect(normaliseName("SoftBank GROUP")).toBe(normaliseName("softbank group"));
  });

  it("folds full-width letters with NFKC", () => {
    expect(normaliseName("ＯｐｅｎＡＩ")).toBe("openai");
  });

  it("folds runs of whitespace, the ideographic space included, and trims", () => {
    expect(normaliseName("  일본\u3000\t 소프트뱅크 ")).toBe("일본 소프트뱅크");
  });

  it("matches Hangul written as composed syllables or as jamo", () => {
    expect(normaliseName("\u1106\u1166\u1110\u1161")).toBe(normaliseName("메타"));
  });

  it("keeps apart names that differ by more than case, width and spacing", () => {
    expect(normaliseName("OpenAI Inc.")).not.toBe(normaliseName("OpenAI"));
  });

  it("gives its own result back unchanged", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (name) => {
        const once = normaliseName(name);
        return normaliseName(once) === once;
      }),
    );
  });
});

describe("namesOf", () => {
  it("lists the canonical name first and each spelling once", () => {
    expect([...namesOf("NVIDIA", ["엔비디아", "Nvidia", "NVIDIA "])]).toEqual([
      ["nvidia", "NVIDIA"],
      ["엔비디아", "엔비디아"],
    ]);
  });
});
