import { describe, expect, it } from "vitest";
import { spanText } from "../../shared/format/dates.ts";
import { type HeadlineLike, headlineText } from "../../shared/format/headline.ts";
import { countText, signedCount } from "../../shared/format/numbers.ts";
import { singleLine } from "../../shared/format/text.ts";
import { splitTotalText, totalChangeText } from "../../shared/format/totals.ts";
import { requestOrigin } from "../../shared/http/origin.ts";

type Row = HeadlineLike["newMoney"];

const row = (usdLow: string, usdHigh: string | null, qualifiers: Record<string, [string, string]>): Row => ({
  count: String(Object.keys(qualifiers).length),
  usdLow,
  usdHigh,
  openEnded: "at-least" in qualifiers ? "1" : "0",
  unconverted: "0",
  byQualifier: Object.fromEntries(
    Object.entries(qualifiers).map(([qualifier, [low, high]]) => [
      qualifier,
      { count: "1", usdLow: low, usdHigh: high },
    ]),
  ),
});

/** The seed, with Meta at its second source's US$60B–65B: Stargate at least US$500B, Korea up to ₩2.5T ≈ US$1.74B. */
const SEED = row("560000000000", null, {
  "at-least": ["500000000000", "500000000000"],
  range: ["60000000000", "65000000000"],
  "up-to": ["0", "1736111111"],
});
const headline = (newMoney: Row, overrides: Partial<HeadlineLike> = {}): HeadlineLike => ({
  empty: false,
  newCommitments: 3,
  revisions: 0,
  newMoney,
  ...overrides,
});

describe("headlineText", () => {
  it("keeps the floor as 'at least' and what is only a ceiling as 'up to'", () => {
    expect(headlineText(headline(SEED), "weekly")).toBe(
      "At least US$560B in new commitments this week, plus up to US$1.74B",
    );
  });

  it("says 'up to' alone when every new figure is a ceiling", () => {
    const korea = row("0", "1736111111", { "up-to": ["0", "1736111111"] });
    expect(headlineText(headline(korea, { newCommitments: 1 }), "monthly")).toBe(
      "Up to US$1.74B in new commitments this month",
    );
  });

  it("prints a bare figure only when every figure is exact, 'about' when one is approximate", () => {
    const exact = row("75000000000", "75000000000", { exact: ["75000000000", "75000000000"] });
    const about = row("80000000000", "80000000000", { approximately: ["80000000000", "80000000000"] });
    expect(headlineText(headline(exact), "weekly")).toBe("US$75B in new commitments this week");
    expect(headlineText(headline(about), "weekly")).toBe("About US$80B in new commitments this week");
  });

  it("says 'so far' of a provisional summary and counts revisions", () => {
    expect(headlineText(headline(SEED, { revisions: 2 }), "weekly", false)).toBe(
      "At least US$560B in new commitments this week so far, plus up to US$1.74B; 2 revisions",
    );
  });

  it("counts what has no exchange rate instead of dropping it", () => {
    const money = {
      ...row("75000000000", "75000000000", { exact: ["75000000000", "75000000000"] }),
      unconverted: "1",
    };
    expect(headlineText(headline(money), "weekly")).toBe(
      "US$75B in new commitments this week, and 1 more not converted to US$",
    );
  });

  it("says plainly when nothing is new", () => {
    const none = row("0", "0", {});
    expect(headlineText(headline(none, { empty: true, newCommitments: 0 }), "weekly")).toBe(
      "Nothing changed in the ledger this week",
    );
    expect(headlineText(headline(none, { newCommitments: 0, revisions: 1 }), "weekly")).toBe(
      "No new commitments this week; 1 revision",
    );
    expect(headlineText(headline({ ...none, unconverted: "2" }, { newCommitments: 2 }), "weekly")).toBe(
      "2 new commitments this week, none adding a US$ figure",
    );
  });
});

describe("totals split by qualifier", () => {
  it("reads the seed as a floor plus a ceiling, short and in full", () => {
    expect(splitTotalText(SEED)).toBe("at least US$560B, plus up to US$1.74B");
    expect(splitTotalText(SEED, { exact: true })).toBe(
      "at least US$560,000,000,000, plus up to US$1,736,111,111",
    );
  });

  it("takes the 'up to' figures out of a closed range's ceiling", () => {
    const closed = row("60000000000", "66736111111", {
      range: ["60000000000", "65000000000"],
      "up-to": ["0", "1736111111"],
    });
    expect(splitTotalText(closed)).toBe("US$60B–65B, plus up to US$1.74B");
  });

  it("gives a total's floor and ceiling the digits that tell them apart", () => {
    expect(splitTotalText(row("1736111111", "1743055556", { range: ["1736111111", "1743055556"] }))).toBe(
      "US$1.736B–1.743B",
    );
  });

  it("reads an empty sum as US$0", () => {
    expect(splitTotalText(row("0", "0", {}))).toBe("US$0");
  });

  it("signs a change", () => {
    expect(totalChangeText(row("5", "5", { exact: ["5", "5"] }))).toBe("+US$5");
    expect(
      totalChangeText(row("-500000000000", null, { "at-least": ["-500000000000", "-500000000000"] })),
    ).toBe("-US$500B in the floor, +1 open-ended (no ceiling)");
  });

  it("keeps the 'up to' figures of a change that opens the ceiling", () => {
    // The seed recorded in one week: its new money is at least US$565B, plus up to US$1.74B.
    const seed = {
      ...row("565000000000", null, {
        "at-least": ["565000000000", "565000000000"],
        "up-to": ["1736111111", "1736111111"],
      }),
      openEnded: "2",
    };
    expect(totalChangeText(seed)).toBe(
      "+US$565B in the floor, +US$1.74B in “up to” figures, +2 open-ended (no ceiling)",
    );
  });

  it("does not say the ceiling stays open when a change removes 'at least' figures", () => {
    const deleted = { ...row("-565000000000", null, { "at-least": ["-565000000000", "-565000000000"] }) };
    expect(totalChangeText({ ...deleted, openEnded: "-2" })).toBe(
      "-US$565B in the floor, -2 open-ended (no ceiling)",
    );
  });
});

describe("counts, spans and text", () => {
  it("counts and signs", () => {
    expect(countText(1, "revision")).toBe("1 revision");
    expect(countText("1204", "revision")).toBe("1,204 revisions");
    expect(signedCount("3")).toBe("+3");
    expect(signedCount("-1")).toBe("-1");
    expect(signedCount("0")).toBe("0");
  });

  it("writes a week's span as people do", () => {
    expect(spanText("2025-01-27T00:00:00.000Z", "2025-02-03T00:00:00.000Z")).toBe("27 Jan – 2 Feb 2025");
    expect(spanText("2025-02-10T00:00:00.000Z", "2025-02-17T00:00:00.000Z")).toBe("10–16 Feb 2025");
    expect(spanText("2025-12-29T00:00:00.000Z", "2026-01-05T00:00:00.000Z")).toBe("29 Dec 2025 – 4 Jan 2026");
  });

  it("collapses control characters and mends broken UTF-16", () => {
    expect(singleLine("a\rb\r\n\u0000c\u2028d\u0085e")).toBe("a b c d e");
    expect(singleLine("x\ud800y")).toBe("x\ufffdy");
    expect(singleLine("국가 AI 😀")).toBe("국가 AI 😀");
  });
});

describe("requestOrigin", () => {
  it("builds the origin from Host and X-Forwarded-Proto", () => {
    expect(requestOrigin({ host: "127.0.0.1:3000", "x-forwarded-proto": "http" })).toBe(
      "http://127.0.0.1:3000",
    );
    expect(requestOrigin({ host: "abc.execute-api.us-east-1.amazonaws.com" })).toBe(
      "https://abc.execute-api.us-east-1.amazonaws.com",
    );
  });

  it("refuses a Host that is not a host name", () => {
    expect(requestOrigin({ host: 'evil.example/"><script>' })).toBeUndefined();
    expect(requestOrigin({ host: "a b" })).toBeUndefined();
    expect(requestOrigin({})).toBeUndefined();
  });
});
