import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractDrafts } from "../../shared/extract/index.ts";

/**
 * The seed article (../shared/facts/seed-commitments.md): its three commitment paragraphs verbatim, then two
 * paragraphs of the context the facts describe (DeepSeek's costs, ABB's growth forecast), written from that
 * description. It was published in early February 2025; its day is not known, so every early-February day is tried.
 */
const text = readFileSync(new URL("../fixtures/announcements/seed-article.txt", import.meta.url), "utf8");
const url = "https://it.donga.com/106495";
const article = (publishedOn: string) =>
  extractDrafts({ text, url, publishedOn, language: "ko", publisher: "IT동아" });
const EARLY_FEBRUARY = Array.from(
  { length: 21 },
  (_, index) => `2025-02-${String(index + 1).padStart(2, "0")}`,
);

describe("the seed article", () => {
  it.each(EARLY_FEBRUARY)("yields exactly its three commitments when published on %s", (publishedOn) => {
    const summary = article(publishedOn).drafts.map(({ commitment }) => ({
      amount: commitment.amount,
      announcedOn: commitment.announcedOn,
      precision: commitment.announcedOnPrecision,
      funders: commitment.parties
        .filter((party) => party.role !== "technology-partner")
        .map((party) => party.name),
      capacity: commitment.capacity,
    }));
    expect(summary).toEqual([
      {
        amount: { currency: "USD", low: "500000000000", high: "500000000000", qualifier: "at-least" },
        announcedOn: "2025-01-01",
        precision: "month",
        funders: ["OpenAI", "Oracle", "SoftBank Group"],
        capacity: undefined,
      },
      {
        amount: { currency: "USD", low: "65000000000", high: "65000000000", qualifier: "at-least" },
        announcedOn: "2025-01-24",
        precision: "day",
        funders: ["Meta"],
        capacity: undefined,
      },
      {
        amount: { currency: "KRW", low: "2500000000000", high: "2500000000000", qualifier: "up-to" },
        announcedOn: "2025-01-22",
        precision: "day",
        funders: ["Ministry of Science and ICT"],
        capacity: { accelerators: [{ model: "NVIDIA H100", count: 15000 }] },
      },
    ]);
  });

  it("names Stargate's technology partners as such", () => {
    const [stargate] = article("2025-02-05").drafts;
    expect(
      stargate?.commitment.parties
        .filter((party) => party.role === "technology-partner")
        .map((party) => party.name),
    ).toEqual(["Microsoft", "NVIDIA", "Arm"]);
  });

  it("keeps the ministry a government party and places it in Korea", () => {
    const msit = article("2025-02-05").drafts[2]?.commitment;
    expect(msit?.parties[0]).toEqual({
      name: "Ministry of Science and ICT",
      role: "government",
      kind: "government",
    });
    expect(msit?.location).toEqual({ country: "KR" });
  });

  it("quotes each commitment's sentence as the source excerpt, with the source's own figure and offsets", () => {
    const [stargate] = article("2025-02-05").drafts;
    const source = stargate?.commitment.sources[0];
    expect(source?.excerpt).toBe(
      "도널드 트럼프 미국 대통령은 지난달 취임 후, 미국 AI 인프라에 최소 5000억 달러(약 720조 원)를 투자한다고 밝혔다.",
    );
    expect(source?.figure).toEqual(stargate?.commitment.amount);
    expect(source?.url).toBe(url);
    const figure = stargate?.evidence.figure;
    expect(figure && text.slice(figure.start, figure.end)).toBe("5000억 달러(약 720조 원)");
    const sentence = stargate?.evidence.sentence;
    expect(sentence && text.slice(sentence.start, sentence.end)).toBe(source?.excerpt);
  });

  it("returns the KRW rate the Stargate conversion implies: 1,440 per US dollar, kind implied, the clause as its source", () => {
    const [rate] = article("2025-02-05").impliedRates;
    expect(rate).toMatchObject({ currency: "KRW", unitsPerUsd: "1440", kind: "implied", exact: true });
    expect(rate?.source).toContain("5000억 달러(약 720조 원)");
    expect(
      article("2025-02-05").impliedRates.every((each) => each.currency === "KRW" && each.kind === "implied"),
    ).toBe(true);
  });

  it("reports the context figures as not commitments, with a reason", () => {
    const ignored = article("2025-02-05").ignored.map((figure) => figure.written);
    expect(ignored).toEqual(expect.arrayContaining(["1/18", "1/4", "12%"]));
    const drafts = article("2025-02-05").drafts.map((draft) => draft.commitment.sources[0]?.excerpt ?? "");
    expect(drafts.some((excerpt) => /딥시크|ABB|12%/.test(excerpt))).toBe(false);
  });

  it("lists what a person must still fill, and no invalid field", () => {
    for (const draft of article("2025-02-05").drafts) {
      expect(draft.problems).toEqual([]);
      expect(draft.missing).toContain("confidence");
      expect(draft.missing).not.toContain("sources.0.url");
    }
    const withoutUrl = extractDrafts({ text, publishedOn: "2025-02-05" }).drafts[0];
    expect(withoutUrl?.missing).toContain("sources.0.url");
  });

  it("with only the month of publication, resolves 지난달 and leaves the days it cannot place unset", () => {
    const dates = article("2025-02").drafts.map(({ commitment }) => [
      commitment.announcedOn,
      commitment.announcedOnPrecision,
    ]);
    expect(dates).toEqual([
      ["2025-01-01", "month"],
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });
});
