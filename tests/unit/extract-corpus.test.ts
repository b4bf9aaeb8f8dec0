import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractDrafts, type RegistryParty } from "../../shared/extract/index.ts";
import { type CorpusEntry, precision, recall, scoreCorpus } from "../../shared/extract/score.ts";

const load = (split: string) =>
  JSON.parse(
    readFileSync(new URL(`../fixtures/announcements/${split}.json`, import.meta.url), "utf8"),
  ) as CorpusEntry[];
const tuned = load("tuned");
const heldOut = load("held-out");

describe("the labelled corpus", () => {
  it("holds at least 20 attributed texts in both languages", () => {
    const all = [...tuned, ...heldOut];
    expect(all.length).toBeGreaterThanOrEqual(20);
    expect(all.filter((entry) => entry.language === "ko").length).toBeGreaterThanOrEqual(12);
    expect(all.filter((entry) => entry.language === "en").length).toBeGreaterThanOrEqual(12);
    for (const entry of all) {
      expect(entry.url).toMatch(/^https?:\/\//);
      expect(entry.publisher.length).toBeGreaterThan(0);
      expect(entry.text.length).toBeLessThan(1500);
    }
    expect(new Set(all.map((entry) => entry.id)).size).toBe(all.length);
  });
});

describe("scores on texts the rules were not written against (held-out)", () => {
  const score = scoreCorpus(heldOut);

  it.each(["ko", "en"])("finds amount, currency and qualifier with recall ≥ 0.9 in %s", (language) => {
    expect(
      recall(score.byLanguage[language]?.amount ?? { correct: 0, predicted: 0, expected: 1 }),
    ).toBeGreaterThanOrEqual(0.9);
  });

  it.each(["ko", "en"])("finds amounts with precision ≥ 0.85 in %s (the goal)", (language) => {
    expect(
      precision(score.byLanguage[language]?.amount ?? { correct: 0, predicted: 1, expected: 0 }),
    ).toBeGreaterThanOrEqual(0.85);
  });

  it.each(["ko", "en"])("gives dates right to their precision ≥ 0.8 of the time in %s", (language) => {
    expect(
      precision(score.byLanguage[language]?.date ?? { correct: 0, predicted: 1, expected: 0 }),
    ).toBeGreaterThanOrEqual(0.8);
  });
});

describe("scores on the tuned texts", () => {
  it("keeps every field's precision and recall at 0.85 or more overall", () => {
    const all = scoreCorpus(tuned).byLanguage.all;
    for (const tally of Object.values(all ?? {})) {
      expect(precision(tally)).toBeGreaterThanOrEqual(0.85);
      expect(recall(tally)).toBeGreaterThanOrEqual(0.85);
    }
  });
});

describe("party resolution", () => {
  const registry: RegistryParty[] = [
    { slug: "acme", name: "Acme Compute", kind: "company", aliases: ["에이씨엠이", "ACME Corp."] },
  ];

  it("resolves names through the registry it is given, case-insensitively after NFKC", () => {
    const { drafts } = extractDrafts(
      {
        text: "에이씨엠이는 데이터센터에 1조 원을 투자한다고 밝혔다. ａｃｍｅ ｃｏｒｐ. will invest $2 billion in data centers.",
      },
      { registry },
    );
    expect(drafts.map((draft) => draft.commitment.parties.map((party) => party.name))).toEqual([
      ["Acme Compute"],
      ["Acme Compute"],
    ]);
  });

  it("keeps an organisation it does not know as written", () => {
    const { drafts } = extractDrafts(
      {
        text: "메타는 지난달 블루아울캐피털과 270억 달러 규모의 금융 계약을 체결해 데이터센터 건설 자금을 확보했다.",
      },
      { registry },
    );
    expect(drafts[0]?.commitment.parties.map((party) => party.name)).toEqual(["블루아울캐피털"]);
  });
});
