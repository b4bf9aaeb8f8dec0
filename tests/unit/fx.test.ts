import { describe, expect, it } from "vitest";
import type { Amount } from "../../shared/commitments/schema.ts";
import { type FxRate, fxRateInput, toUsd } from "../../shared/domain/fx.ts";

const krwRate: FxRate = {
  currency: "KRW",
  date: "2025-01-22",
  unitsPerUsd: "1440",
  source: "Bank of Korea reference rate",
  recordedAt: "2025-01-23T00:00:00.000Z",
};
const eurRate: FxRate = {
  currency: "EUR",
  date: "2025-02-10",
  usdPerUnit: "1.0412",
  source: "ECB reference rate",
  recordedAt: "2025-02-11T00:00:00.000Z",
};
const amount = (currency: string, low: string, high = low): Amount => ({
  currency,
  low,
  high,
  qualifier: low === high ? "exact" : "range",
});

describe("toUsd", () => {
  it("keeps a USD amount as it is, at rate 1", () => {
    expect(toUsd(amount("USD", "60000000000", "65000000000"), undefined)).toEqual({
      low: "60000000000",
      high: "65000000000",
      rate: { currency: "USD", date: null, unitsPerUsd: "1", source: null },
    });
  });

  it("ignores any rate passed for a USD amount", () => {
    expect(toUsd(amount("USD", "500000000000"), eurRate)?.rate.unitsPerUsd).toBe("1");
  });

  it("divides a KRW amount by its units-per-USD rate, to whole dollars", () => {
    expect(toUsd(amount("KRW", "2500000000000"), krwRate)).toMatchObject({
      low: "1736111111",
      high: "1736111111",
    });
  });

  it("multiplies a EUR amount by its USD-per-unit rate", () => {
    expect(toUsd(amount("EUR", "109000000000"), eurRate)).toMatchObject({
      low: "113490800000",
      high: "113490800000",
    });
  });

  it("converts low and high of a range separately", () => {
    expect(toUsd(amount("KRW", "1440", "2880"), krwRate)).toMatchObject({ low: "1", high: "2" });
  });

  it("shows the rate used with its date and source", () => {
    expect(toUsd(amount("KRW", "2500000000000"), krwRate)?.rate).toEqual({
      currency: "KRW",
      date: "2025-01-22",
      unitsPerUsd: "1440",
      source: "Bank of Korea reference rate",
    });
  });

  it("shows a USD-per-unit rate as given, without a units-per-USD", () => {
    expect(toUsd(amount("EUR", "1"), eurRate)?.rate).toEqual({
      currency: "EUR",
      date: "2025-02-10",
      usdPerUnit: "1.0412",
      source: "ECB reference rate",
    });
  });

  it("answers null when there is no amount", () => {
    expect(toUsd(undefined, krwRate)).toBeNull();
  });

  it("answers null (unconverted) when no rate is known, never guessing one", () => {
    expect(toUsd(amount("KRW", "2500000000000"), undefined)).toBeNull();
  });
});

describe("fxRateInput", () => {
  it("accepts a units-per-USD rate", () => {
    expect(fxRateInput.safeParse({ unitsPerUsd: "1440", source: "Bank of Korea" }).success).toBe(true);
  });

  it("accepts a USD-per-unit rate", () => {
    expect(fxRateInput.safeParse({ usdPerUnit: "1.0412", source: "ECB" }).success).toBe(true);
  });

  it("refuses both rates at once", () => {
    const result = fxRateInput.safeParse({
      unitsPerUsd: "1440",
      usdPerUnit: "0.000694",
      source: "Bank of Korea",
    });

    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["unitsPerUsd"]]);
  });

  it("refuses neither rate", () => {
    const result = fxRateInput.safeParse({ source: "Bank of Korea" });

    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["unitsPerUsd"]]);
  });

  it("refuses a rate given as a JSON number", () => {
    const result = fxRateInput.safeParse({ unitsPerUsd: 1440, source: "Bank of Korea" });

    expect(result.error?.issues[0]?.path).toEqual(["unitsPerUsd"]);
  });

  it("refuses a blank source", () => {
    const result = fxRateInput.safeParse({ unitsPerUsd: "1440", source: "   " });

    expect(result.error?.issues[0]?.path).toEqual(["source"]);
  });

  it("keeps the rate as given, canonically spelled", () => {
    expect(fxRateInput.parse({ unitsPerUsd: "1440.00", source: "Bank of Korea" }).unitsPerUsd).toBe("1440");
  });
});

describe("rate bounds", () => {
  it("accepts a rate with up to 12 decimal places", () => {
    expect(fxRateInput.parse({ usdPerUnit: "0.000694444444", source: "s" }).usdPerUnit).toBe(
      "0.000694444444",
    );
  });

  it("refuses a rate that would convert amounts beyond the USD sort keys", () => {
    expect(fxRateInput.safeParse({ usdPerUnit: "100000000000", source: "s" }).success).toBe(false);
  });

  it("refuses a units-per-USD rate below 0.0001", () => {
    expect(fxRateInput.safeParse({ unitsPerUsd: "0.00001", source: "s" }).success).toBe(false);
  });
});
