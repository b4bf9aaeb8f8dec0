import { describe, expect, it } from "vitest";
import { extractDrafts } from "../../shared/extract/index.ts";

/** The figures drafted from an English text published on `publishedOn`, as "USD 65000000000". */
const drafted = (text: string, publishedOn?: string) =>
  extractDrafts({ text, language: "en", ...(publishedOn ? { publishedOn } : {}) }).drafts.map(
    ({ commitment }) => `${commitment.amount?.currency} ${commitment.amount?.high}`,
  );

describe("another period's figure set against a commitment", () => {
  it("is not drafted when the commitment rises from it", () => {
    expect(
      drafted("Meta plans capital expenditures of $65 billion in 2025, up from $39 billion in 2024."),
    ).toEqual(["USD 65000000000"]);
  });

  it("is not drafted when compared with", () => {
    expect(
      drafted(
        "Microsoft will invest $80 billion in AI data centers in fiscal 2025, compared with $55.7 billion a year earlier.",
      ),
    ).toEqual(["USD 80000000000"]);
  });

  it("is not drafted when it is an earlier year's, by the publication year", () => {
    expect(
      drafted(
        "Oracle will invest $25 billion in cloud data centers; 2024's $7 billion went to leases.",
        "2025-03-01",
      ),
    ).toEqual(["USD 25000000000"]);
  });

  it("is not drafted when a comparison sets a year's figure against it, whatever the publication date", () => {
    expect(
      drafted("Alphabet plans to invest $75 billion in capex this year, well above 2024's $52.5 billion."),
    ).toEqual(["USD 75000000000"]);
  });

  it("is not drafted when it is a reported quarter's spending", () => {
    expect(
      drafted(
        "Microsoft said $22.6 billion of its second-quarter capex went to cloud and AI infrastructure.",
      ),
    ).toEqual([]);
  });

  it("still drafts a later year's figure named by its year", () => {
    expect(
      drafted("OpenAI will invest 2026's $30 billion budget in data centers, it said.", "2025-03-01"),
    ).toEqual(["USD 30000000000"]);
  });

  it("says why it was left out", () => {
    const { ignored } = extractDrafts({
      text: "Meta plans capital expenditures of $65 billion in 2025, up from $39 billion in 2024.",
    });
    expect(ignored.map(({ written, reason }) => [written, reason])).toEqual([
      ["$39 billion", "another period's figure, set against the commitment; not a new one"],
    ]);
  });
});
