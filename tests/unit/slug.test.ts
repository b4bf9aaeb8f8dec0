import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { slugify } from "../../shared/domain/slug.ts";

describe("slugify", () => {
  it("lower-cases and joins words with hyphens", () => {
    expect(slugify("SoftBank Group")).toBe("softbank-group");
  });

  it("strips diacritics", () => {
    expect(slugify("Société Générale")).toBe("societe-generale");
  });

  it("keeps Korean letters", () => {
    expect(slugify("과학기술정보통신부")).toBe("과학기술정보통신부");
  });

  it("keeps Korean words apart with hyphens", () => {
    expect(slugify("삼성 전자")).toBe("삼성-전자");
  });

  it("collapses runs of punctuation and spaces into one hyphen", () => {
    expect(slugify("OpenAI, Inc. -- (US)")).toBe("openai-inc-us");
  });

  it("trims hyphens at both ends", () => {
    expect(slugify("  ...MGX!  ")).toBe("mgx");
  });

  it("spells & as and", () => {
    expect(slugify("AT&T")).toBe("at-and-t");
  });

  it("gives the same slug for the same name every time", () => {
    expect(slugify("Nvidia Corporation")).toBe(slugify("Nvidia Corporation"));
  });

  it("gives the same slug whatever the Unicode normalisation of the name", () => {
    expect(slugify("Socie\u0301te\u0301")).toBe(slugify("Soci\u00e9t\u00e9"));
  });

  it("is idempotent", () => {
    expect(slugify(slugify("Stargate LLC & Partners"))).toBe(slugify("Stargate LLC & Partners"));
  });

  it("is at most 100 characters and does not end with a hyphen", () => {
    const slug = slugify(`${"a".repeat(99)} b`);

    expect(slug).toBe("a".repeat(99));
  });

  it("leaves out a character outside the BMP that the 100th code unit would split", () => {
    expect(slugify(`${"a".repeat(99)}𠀀`)).toBe("a".repeat(99));
  });

  it("is well-formed UTF-16 of at most 100 code units, not ending in a hyphen, whatever the name", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", " ", "𠀀", "𝐀", "😀"), minLength: 60, maxLength: 120 }),
        (name) => {
          const slug = slugify(name);
          return slug.isWellFormed() && slug.length <= 100 && !slug.endsWith("-");
        },
      ),
    );
  });

  it("is empty for a name without letters or digits", () => {
    expect(slugify("—!?")).toBe("");
  });
});
