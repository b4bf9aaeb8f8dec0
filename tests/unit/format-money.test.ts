import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  conversionText,
  currencySymbol,
  exactFigure,
  figure,
  money,
  rateLongText,
  rateText,
} from "../../shared/format/money.ts";
import { compact, groupDigits, parseShorthand } from "../../shared/format/numbers.ts";

describe("compact figures", () => {
  it.each([
    ["500000000000", "500B"],
    ["1736111111", "1.74B"],
    ["2500000000000", "2.5T"],
    ["109000000000", "109B"],
    ["65000000000", "65B"],
    ["566736111111", "567B"],
    ["1500000", "1.5M"],
    ["999999999999", "1T"],
    ["999600000", "1B"],
    ["9995000000", "10B"],
    ["1500000000000000", "1,500T"],
    ["250000", "250,000"],
    ["1.50", "1.5"],
    ["0", "0"],
  ])("%s reads %s", (value, expected) => {
    expect(compact(value)).toBe(expected);
  });

  it("rounds half up on the digits, never through a float", () => {
    expect(compact("1745000000")).toBe("1.75B");
    expect(compact("1744999999")).toBe("1.74B");
    // 2^53 + 1 is not a float: only string arithmetic gets its rounding right.
    expect(compact("9007199254740993")).toBe("9,007T");
  });

  it("keeps three significant digits for any whole amount of a billion or more", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1_000_000_000n, max: 999_999_999_999_999n }), (value) => {
        const text = compact(value.toString());
        const digits = text.replace(/[^0-9]/g, "").replace(/^0+/, "");
        expect(digits.length).toBeLessThanOrEqual(4);
        expect(text).toMatch(/^[\d,.]+[BT]$/);
      }),
    );
  });
});

describe("exact figures", () => {
  it("groups every digit of a decimal string", () => {
    expect(groupDigits("1736111111")).toBe("1,736,111,111");
    expect(groupDigits("123456789012345678901234")).toBe("123,456,789,012,345,678,901,234");
    expect(groupDigits("-1234.5678")).toBe("-1,234.5678");
  });

  it("prints a figure with its qualifier in full", () => {
    expect(
      exactFigure({ currency: "USD", low: "500000000000", high: "500000000000", qualifier: "at-least" }),
    ).toBe("at least US$500,000,000,000");
  });
});

describe("figures as announced", () => {
  it.each([
    [
      { currency: "USD", low: "500000000000", high: "500000000000", qualifier: "at-least" },
      "at least US$500B",
    ],
    [{ currency: "KRW", low: "2500000000000", high: "2500000000000", qualifier: "up-to" }, "up to ₩2.5T"],
    [{ currency: "EUR", low: "109000000000", high: "109000000000", qualifier: "exact" }, "€109B"],
    [
      { currency: "USD", low: "80000000000", high: "80000000000", qualifier: "approximately" },
      "about US$80B",
    ],
    [{ currency: "USD", low: "60000000000", high: "65000000000", qualifier: "range" }, "US$60B–65B"],
    [{ currency: "USD", low: "900000000", high: "1200000000", qualifier: "range" }, "US$900M–1.2B"],
    [{ currency: "AED", low: "10000000000", high: "10000000000", qualifier: "exact" }, "AED 10B"],
  ])("%o reads %s", (amount, expected) => {
    expect(figure(amount)).toBe(expected);
  });

  it("gives a range the digits that tell its ends apart", () => {
    const range = { currency: "KRW", low: "2500000000000", high: "2510000000000", qualifier: "range" };
    expect([
      figure(range),
      figure({ currency: "USD", low: "1736111111", high: "1743055556", qualifier: "range" }),
    ]).toEqual(["₩2.5T–2.51T", "US$1.736B–1.743B"]);
  });

  it("names a currency without a symbol by its code", () => {
    expect(currencySymbol("CNY")).toBe("CN¥");
    expect(currencySymbol("CHF")).toBe("CHF ");
    expect(currencySymbol("XXX")).toBe("XXX ");
  });

  it("prints a negative change with its sign first", () => {
    expect(money("USD", "-10000000000")).toBe("-US$10B");
  });
});

describe("conversions", () => {
  const krw = { currency: "KRW", low: "2500000000000", high: "2500000000000", qualifier: "up-to" };
  const usd = { low: "1736111111", high: "1736111111", rate: { currency: "KRW", unitsPerUsd: "1440" } };

  it("shows the USD figure, the rate and its kind", () => {
    expect(conversionText(krw, { ...usd, rate: { ...usd.rate, kind: "implied" } })).toBe(
      "up to ₩2.5T ≈ US$1.74B at ₩1,440/US$, implied rate",
    );
  });

  it("leaves the kind out when the rate does not say it", () => {
    expect(conversionText(krw, usd)).toBe("up to ₩2.5T ≈ US$1.74B at ₩1,440/US$");
  });

  it("says when no rate converts a figure", () => {
    expect(conversionText(krw, null)).toBe("up to ₩2.5T (no exchange rate on record)");
  });

  it("prints a rate in the direction it was given", () => {
    expect(rateText({ currency: "EUR", usdPerUnit: "1.0305" })).toBe("US$1.0305/€");
    expect(rateLongText({ currency: "KRW", unitsPerUsd: "1440" })).toBe("₩1,440 per US dollar");
    expect(rateLongText({ currency: "EUR", usdPerUnit: "1.0305" })).toBe("US$1.0305 per euro");
  });
});

describe("amounts typed by a person", () => {
  it.each([
    ["1.5B", "1500000000"],
    ["250m", "250000000"],
    ["2,000,000", "2000000"],
    ["1T", "1000000000000"],
    ["0.5k", "500"],
  ])("%s is %s", (input, expected) => {
    expect(parseShorthand(input)).toBe(expected);
  });

  it.each(["", "abc", "1.5", "-5B", "1.0005k", "1e9"])("refuses %j", (input) => {
    expect(parseShorthand(input)).toBeUndefined();
  });
});
