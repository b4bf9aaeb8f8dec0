import { describe, expect, it } from "vitest";
import { extractDrafts, MAX_TEXT_LENGTH } from "../../shared/extract/index.ts";

// No time bounds (speed is the bench's to measure, `npm run bench -- extract`): growth is checked by counting the
// work (workOf, below), and a quadratic scan or catastrophic backtracking on these inputs would run for minutes,
// past the test's timeout.
describe("extractDrafts on hostile text", () => {
  it("reads 1 MB of prose without figures quickly and finds nothing", () => {
    const text =
      "데이터센터와 AI 인프라에 대한 이야기가 이어졌다. The market keeps talking about compute. ".repeat(
        15_000,
      );
    expect(text.length).toBeGreaterThan(1_000_000);
    const result = extractDrafts({ text, publishedOn: "2025-02-05" });
    expect(result.drafts).toEqual([]);
  });

  it("reads 10,000 figures in time that grows linearly, each as an exact decimal string", () => {
    const figures = (count: number) =>
      Array.from({ length: count }, (_, index) => `Company ${index} will invest $${index + 1} billion.`).join(
        " ",
      );
    const result = extractDrafts({ text: figures(10_000) });
    expect(result.drafts.length).toBe(10_000);
    expect(result.drafts[9_999]?.commitment.amount?.high).toBe("10000000000000");
    // Four times the figures: about four times the work when linear, sixteen when quadratic.
    const small = workOf(() => extractDrafts({ text: figures(1_000) }));
    const large = workOf(() => extractDrafts({ text: figures(4_000) }));
    expect(large / small).toBeLessThan(6);
  }, 120_000);

  it("survives one enormous digit run and absurd exponents without a float or a crash", () => {
    const text = `The fund will invest $${"9".repeat(500_000)} billion, or 1e309 dollars, or $1e309, or $0.0000001 billion.`;
    const result = extractDrafts({ text });
    for (const draft of result.drafts) expect(typeof draft.commitment.amount?.high).toBe("string");
    expect(result.drafts.every((draft) => (draft.commitment.amount?.high.length ?? 0) < 40)).toBe(true);
  });

  it("reports an amount beyond the schema's bound as a problem rather than accepting it", () => {
    const { drafts } = extractDrafts({ text: "정부는 최대 9999999조 달러를 투자한다고 밝혔다." });
    expect(drafts[0]?.problems.map((problem) => problem.path)).toContain("amount.high");
  });

  it("ignores Arabic-Indic digits and mixed scripts without crashing", () => {
    const text =
      "ستستثمر الشركة ٣٠٠ مليار دولار. 엔비디아 H100 ２万個. Компания инвестирует 5 миллиардов долларов. 🚀💰 $";
    const { drafts } = extractDrafts({ text });
    expect(drafts.every((draft) => draft.commitment.amount?.high !== "300")).toBe(true);
  });

  // A long excerpt keeps 999 code units and an ellipsis: after 901 letters the 999th is half of an ideograph.
  it.each([
    { pad: 900, length: 1000 },
    { pad: 901, length: 999 },
  ])(
    "cuts a long sentence's excerpt to well-formed UTF-16 of $length code units after $pad letters",
    ({ pad, length }) => {
      const text = `OpenAI will invest $5 billion in ${"a".repeat(pad)}${"𠀀".repeat(100)} data centres.`;
      const excerpt = extractDrafts({ text }).drafts[0]?.commitment.sources[0]?.excerpt ?? "";
      expect({ wellFormed: excerpt.isWellFormed(), length: excerpt.length }).toEqual({
        wellFormed: true,
        length,
      });
    },
  );

  it("refuses an empty or blank text: there is nothing to read", () => {
    expect(() => extractDrafts({ text: "" })).toThrow(/must not be blank/);
    expect(() => extractDrafts({ text: " \n\t " })).toThrow(/must not be blank/);
  });

  it("answers a text without figures with nothing", () => {
    expect(extractDrafts({ text: "." })).toEqual({ drafts: [], impliedRates: [], ignored: [], notes: [] });
  });

  it("refuses a text over the limit and a malformed publication date", () => {
    expect(() => extractDrafts({ text: "a".repeat(MAX_TEXT_LENGTH + 1) })).toThrow(/at most/);
    expect(() => extractDrafts({ text: "x", publishedOn: "5 Feb 2025" })).toThrow(/YYYY-MM-DD/);
  });

  it.each(["2025-13", "2025-02-30", "9999-99-99", "0000-00-00", "0000", "2025-00"])(
    "refuses the impossible publication date %s rather than resolving dates against it",
    (publishedOn) => {
      expect(() => extractDrafts({ text: "지난달 오픈AI는 5조원을 투자했다.", publishedOn })).toThrow(
        /real calendar date/,
      );
    },
  );

  it.each(["2025", "2025-02", "2024-02-29"])("takes the publication date %s", (publishedOn) => {
    expect(extractDrafts({ text: "x", publishedOn }).drafts).toEqual([]);
  });

  it.each(["not a url", "ftp://example.com/a", "javascript:alert(1)", "https://example.com/a\nb"])(
    "refuses the source address %j as a commitment's source refuses it",
    (url) => {
      expect(() => extractDrafts({ text: "x", url })).toThrow(/http\(s\) URL|control characters/);
    },
  );

  it("does not backtrack catastrophically on long runs of separators and currency signs", () => {
    const text = `${"1,".repeat(100_000)}x ${"$".repeat(100_000)} ${"~".repeat(100_000)} ${"억".repeat(100_000)}`;
    expect(extractDrafts({ text }).drafts).toEqual([]);
  });
});

/**
 * The work of one extraction, counted rather than timed: characters copied out of the text (every regex and
 * look-up reads a slice) plus elements visited by array scans (overlap checks, nearest-figure searches).
 */
function workOf(work: () => unknown): number {
  let count = 0;
  const strings = String.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const arrays = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const slice = strings.slice as (...args: unknown[]) => string;
  const scans = ["some", "every", "find", "filter", "map", "reduce", "includes", "flatMap", "forEach"];
  const originals = scans.map((name) => arrays[name] as (...args: unknown[]) => unknown);
  strings.slice = function (this: string, ...args: unknown[]) {
    const out = slice.apply(this, args);
    count += out.length;
    return out;
  };
  scans.forEach((name, index) => {
    const original = originals[index] as (...args: unknown[]) => unknown;
    arrays[name] = function (this: unknown[], ...args: unknown[]) {
      count += this.length;
      return original.apply(this, args);
    };
  });
  try {
    work();
  } finally {
    strings.slice = slice;
    scans.forEach((name, index) => {
      arrays[name] = originals[index] as (...args: unknown[]) => unknown;
    });
  }
  return count;
}

describe("extractDrafts' work on a long run-on text", () => {
  // Each text is one sentence (no full stop) holding `count` figures, names, dates or GPU counts. Four times the
  // text must cost about four times the work: a figure that reads its whole sentence makes it sixteen.
  let figure = 0;
  const next = () => {
    figure += 1;
    return figure;
  };
  it.each([
    ["repeated dollar figures", (count: number) => "$5 billion ".repeat(count)],
    ["repeated currency codes", (count: number) => "USD 5 billion ".repeat(count)],
    ["repeated figures in dollars", (count: number) => "5 billion dollars ".repeat(count)],
    ["repeated ranges", (count: number) => "between $1 billion and ".repeat(count)],
    [
      "distinct figures of a whole",
      (count: number) =>
        `The fund will invest, including ${Array.from({ length: count }, () => `$${next()} billion`).join(" ")}`,
    ],
    [
      "a party before each figure",
      (count: number) =>
        Array.from({ length: count }, () => `OpenAI and Meta invest $${next()} billion with`).join(" "),
    ],
    [
      "names and dates before one figure",
      (count: number) => `${"OpenAI Meta firm Abc 2025-01-01 ".repeat(count)} will invest $5 billion`,
    ],
    ["GPU counts by model", (count: number) => "H100 1000 GPUs ".repeat(count)],
  ])("%s", (_name, text) => {
    const small = workOf(() => extractDrafts({ text: text(200), publishedOn: "2025-02-05" }));
    const large = workOf(() => extractDrafts({ text: text(800), publishedOn: "2025-02-05" }));
    expect(large / small).toBeLessThan(6);
  });

  it("reads a body-sized run of 23,000 figures up to its limit of numbers and says so", () => {
    const { ignored, notes } = extractDrafts({ text: "$5 billion ".repeat(23_000) });
    expect(ignored).toHaveLength(20_000);
    expect(notes).toEqual(["3000 numbers past the first 20000 were not read"]);
  });
});
