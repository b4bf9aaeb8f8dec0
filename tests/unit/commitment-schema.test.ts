import { describe, expect, it } from "vitest";
import { commitmentInput } from "../../shared/commitments/schema.ts";

/** The smallest valid record; each test breaks one thing of it. */
function minimal(): Record<string, unknown> {
  return {
    title: "Stargate",
    announcedOn: "2025-01-21",
    parties: [{ name: "SoftBank Group", role: "funder" }],
    categories: ["data-center"],
    location: { country: "US" },
    confidence: "official",
    sources: [{ url: "https://openai.com/index/announcing-the-stargate-project/" }],
  };
}

function withAmount(amount: Record<string, unknown>): Record<string, unknown> {
  return { ...minimal(), amount };
}

/** The distinct paths (dotted) of the issues a record is refused with; [] when it is accepted. */
function refusedAt(record: unknown): string[] {
  const result = commitmentInput.safeParse(record);
  return result.success ? [] : [...new Set(result.error.issues.map((issue) => issue.path.join(".")))];
}

describe("commitmentInput accepts", () => {
  it("a minimal record, defaulting status to announced", () => {
    expect(commitmentInput.parse(minimal()).status).toBe("announced");
  });

  it("a minimal record, defaulting the date precision to day", () => {
    expect(commitmentInput.parse(minimal()).announcedOnPrecision).toBe("day");
  });

  it("a value, setting low and high to it", () => {
    const record = commitmentInput.parse(
      withAmount({ currency: "USD", value: "500000000000", qualifier: "at-least" }),
    );

    expect(record.amount).toEqual({
      currency: "USD",
      low: "500000000000",
      high: "500000000000",
      qualifier: "at-least",
    });
  });

  it("a range with low below high", () => {
    const record = commitmentInput.parse(
      withAmount({ currency: "USD", low: "60000000000", high: "65000000000", qualifier: "range" }),
    );

    expect(record.amount).toMatchObject({ low: "60000000000", high: "65000000000" });
  });

  it("a fractional amount, spelled canonically", () => {
    const record = commitmentInput.parse(withAmount({ currency: "EUR", value: "1.50", qualifier: "exact" }));

    expect(record.amount?.low).toBe("1.5");
  });

  it("a Korean title", () => {
    const title = "국가 AI 컴퓨팅 센터";

    expect(commitmentInput.parse({ ...minimal(), title }).title).toBe(title);
  });

  it("a 200-character title", () => {
    expect(refusedAt({ ...minimal(), title: "x".repeat(200) })).toEqual([]);
  });

  it("a month-precision date on the first of the month", () => {
    expect(refusedAt({ ...minimal(), announcedOn: "2025-01-01", announcedOnPrecision: "month" })).toEqual([]);
  });

  it("a period given as years", () => {
    expect(refusedAt({ ...minimal(), period: { start: "2025", end: "2029" } })).toEqual([]);
  });

  it("20 sources", () => {
    const sources = Array.from({ length: 20 }, (_, index) => ({ url: `https://example.com/${index}` }));

    expect(refusedAt({ ...minimal(), sources })).toEqual([]);
  });

  it("50 parties", () => {
    const parties = Array.from({ length: 50 }, (_, index) => ({ name: `Party ${index}`, role: "funder" }));

    expect(refusedAt({ ...minimal(), parties })).toEqual([]);
  });
});

describe("commitmentInput refuses", () => {
  it("an amount given as a JSON number", () => {
    expect(refusedAt(withAmount({ currency: "USD", value: 65000000000, qualifier: "exact" }))).toEqual([
      "amount.value",
    ]);
  });

  it("a negative amount", () => {
    expect(refusedAt(withAmount({ currency: "USD", value: "-5", qualifier: "exact" }))).toEqual([
      "amount.value",
    ]);
  });

  it("a zero amount", () => {
    expect(refusedAt(withAmount({ currency: "USD", value: "0", qualifier: "exact" }))).toEqual([
      "amount.value",
    ]);
  });

  it("an amount in exponent notation (1e309)", () => {
    expect(refusedAt(withAmount({ currency: "USD", value: "1e309", qualifier: "exact" }))).toEqual([
      "amount.value",
    ]);
  });

  it("an amount with more than six decimals", () => {
    const amount = { currency: "USD", value: "65000000000.0000000001", qualifier: "exact" };

    expect(refusedAt(withAmount(amount))).toEqual(["amount.value"]);
  });

  it("an amount of 10^18 or more", () => {
    expect(
      refusedAt(withAmount({ currency: "USD", value: "1000000000000000000", qualifier: "exact" })),
    ).toEqual(["amount.value"]);
  });

  it("low above high", () => {
    const amount = { currency: "USD", low: "65000000000", high: "60000000000", qualifier: "range" };

    expect(refusedAt(withAmount(amount))).toEqual(["amount.low"]);
  });

  it("low below high when the qualifier is not range", () => {
    const amount = { currency: "USD", low: "60000000000", high: "65000000000", qualifier: "up-to" };

    expect(refusedAt(withAmount(amount))).toEqual(["amount.qualifier"]);
  });

  it("low without high", () => {
    expect(refusedAt(withAmount({ currency: "USD", low: "60000000000", qualifier: "range" }))).toEqual([
      "amount.high",
    ]);
  });

  it("both value and low/high", () => {
    const amount = { currency: "USD", value: "1", low: "1", high: "1", qualifier: "exact" };

    expect(refusedAt(withAmount(amount))).toEqual(["amount"]);
  });

  it("an unknown currency (ABC)", () => {
    expect(refusedAt(withAmount({ currency: "ABC", value: "1", qualifier: "exact" }))).toEqual([
      "amount.currency",
    ]);
  });

  it("a lower-case currency", () => {
    expect(refusedAt(withAmount({ currency: "usd", value: "1", qualifier: "exact" }))).toEqual([
      "amount.currency",
    ]);
  });

  it("an unknown country (ZZ)", () => {
    expect(refusedAt({ ...minimal(), location: { country: "ZZ" } })).toEqual(["location.country"]);
  });

  it("an impossible date (2025-02-30)", () => {
    expect(refusedAt({ ...minimal(), announcedOn: "2025-02-30" })).toEqual(["announcedOn"]);
  });

  it("a month-precision date on a day other than the first", () => {
    expect(refusedAt({ ...minimal(), announcedOn: "2025-01-15", announcedOnPrecision: "month" })).toEqual([
      "announcedOn",
    ]);
  });

  it("an unknown field", () => {
    expect(refusedAt({ ...minimal(), amountUsd: { low: "1" } })).toEqual([""]);
  });

  it("an unknown field inside a party", () => {
    expect(refusedAt({ ...minimal(), parties: [{ name: "SoftBank", role: "funder", slug: "x" }] })).toEqual([
      "parties.0",
    ]);
  });

  it("a 10,000-character title", () => {
    expect(refusedAt({ ...minimal(), title: "x".repeat(10_000) })).toEqual(["title"]);
  });

  it("a 201-character title", () => {
    expect(refusedAt({ ...minimal(), title: "x".repeat(201) })).toEqual(["title"]);
  });

  it("a blank title", () => {
    expect(refusedAt({ ...minimal(), title: " \t " })).toEqual(["title"]);
  });

  it("no sources", () => {
    expect(refusedAt({ ...minimal(), sources: [] })).toEqual(["sources"]);
  });

  it("21 sources", () => {
    const sources = Array.from({ length: 21 }, (_, index) => ({ url: `https://example.com/${index}` }));

    expect(refusedAt({ ...minimal(), sources })).toEqual(["sources"]);
  });

  it.each(["javascript:alert(1)", "ftp://x", "not a url", "https://"])("a source url %j", (url) => {
    expect(refusedAt({ ...minimal(), sources: [{ url }] })).toEqual(["sources.0.url"]);
  });

  it("51 parties", () => {
    const parties = Array.from({ length: 51 }, (_, index) => ({ name: `Party ${index}`, role: "funder" }));

    expect(refusedAt({ ...minimal(), parties })).toEqual(["parties"]);
  });

  it("no parties", () => {
    expect(refusedAt({ ...minimal(), parties: [] })).toEqual(["parties"]);
  });

  it("an unknown party role", () => {
    expect(refusedAt({ ...minimal(), parties: [{ name: "SoftBank", role: "sponsor" }] })).toEqual([
      "parties.0.role",
    ]);
  });

  it("a party name without a letter or digit", () => {
    expect(refusedAt({ ...minimal(), parties: [{ name: "—", role: "funder" }] })).toEqual(["parties.0.name"]);
  });

  it("a repeated category", () => {
    expect(refusedAt({ ...minimal(), categories: ["compute", "compute"] })).toEqual(["categories"]);
  });

  it("an unknown category", () => {
    expect(refusedAt({ ...minimal(), categories: ["real-estate"] })).toEqual(["categories.0"]);
  });

  it("a period whose start is after its end", () => {
    expect(refusedAt({ ...minimal(), period: { start: "2029", end: "2025" } })).toEqual(["period.end"]);
  });

  it("a parentId that is not a commitment id", () => {
    expect(refusedAt({ ...minimal(), parentId: "stargate" })).toEqual(["parentId"]);
  });
});

describe("commitmentInput refuses, without running the checks that compare fields, a field that failed its own", () => {
  it.each(["abc", "-1", "1e3", ""])("a range whose low is %j", (low) => {
    const amount = { currency: "USD", low, high: "65000000000", qualifier: "range" };

    expect(refusedAt(withAmount(amount))).toEqual(["amount.low"]);
  });

  it("a source figure whose high is not a decimal", () => {
    const figure = { currency: "USD", low: "1", high: "x", qualifier: "range" };
    const sources = [{ url: "https://openai.com/index/announcing-the-stargate-project/", figure }];

    expect(refusedAt({ ...minimal(), sources })).toEqual(["sources.0.figure.high"]);
  });

  it("a period whose start is not a real date", () => {
    expect(refusedAt({ ...minimal(), period: { start: "2025-02-30", end: "2026" } })).toEqual([
      "period.start",
    ]);
  });

  it("a month-precision date that is not a real date", () => {
    expect(refusedAt({ ...minimal(), announcedOn: "2025-02-30", announcedOnPrecision: "month" })).toEqual([
      "announcedOn",
    ]);
  });
});

const SOURCE_URL = "https://openai.com/index/announcing-the-stargate-project/";

describe("commitmentInput refuses control characters", () => {
  it.each([
    ["a lone carriage return", "Stargate\r---"],
    ["a line feed", "Stargate\n- injected"],
    ["a tab", "Star\tgate"],
    ["NUL", "Stargate\u0000"],
    ["escape", "Stargate\u001b[31m"],
    ["DEL", "Stargate\u007f"],
    ["a C1 next-line", "Stargate\u0085"],
    ["a lone surrogate", "Stargate\ud800"],
  ])("in a title: %s", (_case, title) => {
    expect(refusedAt({ ...minimal(), title })).toEqual(["title"]);
  });

  it.each([
    ["a party name", { parties: [{ name: "Soft\rBank", role: "funder" }] }, "parties.0.name"],
    ["a region", { location: { country: "US", region: "Tex\nas" } }, "location.region"],
    ["a site", { location: { country: "US", site: "Abilene\u0007" } }, "location.site"],
    ["a tag", { tags: ["ai\tinfra"] }, "tags.0"],
    [
      "an accelerator model",
      { capacity: { accelerators: [{ model: "H100\r", count: 1 }] } },
      "capacity.accelerators.0.model",
    ],
    ["a source publisher", { sources: [{ url: SOURCE_URL, publisher: "Open\nAI" }] }, "sources.0.publisher"],
    ["a source title", { sources: [{ url: SOURCE_URL, title: "Stargate\r" }] }, "sources.0.title"],
    ["a source URL", { sources: [{ url: `${SOURCE_URL}\n` }] }, "sources.0.url"],
  ])("in %s", (_case, fields, path) => {
    expect(refusedAt({ ...minimal(), ...fields })).toEqual([path]);
  });

  it.each([
    ["a lone carriage return", "first\rsecond"],
    ["NUL", "first\u0000"],
    ["a C1 control", "first\u009b"],
  ])("in a description: %s", (_case, description) => {
    expect(refusedAt({ ...minimal(), description })).toEqual(["description"]);
  });

  it("in a source excerpt: a lone carriage return", () => {
    expect(refusedAt({ ...minimal(), sources: [{ url: SOURCE_URL, excerpt: "a\rb" }] })).toEqual([
      "sources.0.excerpt",
    ]);
  });
});

describe("commitmentInput keeps line breaks where text runs over lines", () => {
  it("a description with line feeds, CRLF and tabs", () => {
    const description = "First line\nSecond\r\n\tindented";

    expect(commitmentInput.parse({ ...minimal(), description }).description).toBe(description);
  });

  it("an excerpt with a line feed", () => {
    const sources = [{ url: SOURCE_URL, excerpt: "과학기술정보통신부는\n2조 5천억 원" }];

    expect(refusedAt({ ...minimal(), sources })).toEqual([]);
  });
});
