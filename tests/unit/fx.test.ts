import { describe, expect, it } from "vitest";
import type { Amount } from "../../shared/commitments/schema.ts";
import {
  type FxRate,
  fxRateInput,
  isStale,
  reconversionNote,
  sameRate,
  storedConversion,
  toUsd,
} from "../../shared/domain/fx.ts";

const krwRate: FxRate = {
  currency: "KRW",
  date: "2025-01-22",
  unitsPerUsd: "1440",
  kind: "implied",
  source: "Bank of Korea reference rate",
  version: 2,
  recordedBy: "admin",
  recordedAt: "2025-01-23T00:00:00.000Z",
};
const eurRate: FxRate = {
  currency: "EUR",
  date: "2025-02-10",
  usdPerUnit: "1.0412",
  kind: "official",
  source: "ECB reference rate",
  version: 1,
  recordedBy: "admin",
  recordedAt: "2025-02-11T00:00:00.000Z",
};
const amount = (currency: string, low: string, high = low): Amount => ({
  currency,
  low,
  high,
  qualifier: low === high ? "exact" : "range",
});
const rateOf = (currency: string, field: "unitsPerUsd" | "usdPerUnit", value: string): FxRate => ({
  currency,
  date: "2025-01-01",
  [field]: value,
  kind: "market",
  source: "test",
  version: 1,
  recordedBy: "admin",
  recordedAt: "2025-01-01T00:00:00.000Z",
});

describe("toUsd", () => {
  it("keeps a USD amount as it is, at rate 1, never stale", () => {
    expect(toUsd(amount("USD", "60000000000", "65000000000"), undefined, "2030-01-01")).toEqual({
      low: "60000000000",
      high: "65000000000",
      rate: { currency: "USD", date: null, unitsPerUsd: "1", kind: null, source: null, version: null },
      stale: false,
    });
  });

  it("ignores any rate passed for a USD amount", () => {
    expect(toUsd(amount("USD", "500000000000"), eurRate, "2025-02-10")?.rate.unitsPerUsd).toBe("1");
  });

  it("divides a KRW amount by its units-per-USD rate, to whole dollars", () => {
    expect(toUsd(amount("KRW", "2500000000000"), krwRate, "2025-01-22")).toMatchObject({
      low: "1736111111",
      high: "1736111111",
    });
  });

  it("multiplies a EUR amount by its USD-per-unit rate", () => {
    expect(toUsd(amount("EUR", "109000000000"), eurRate, "2025-02-10")).toMatchObject({
      low: "113490800000",
      high: "113490800000",
    });
  });

  it("converts low and high of a range separately", () => {
    expect(toUsd(amount("KRW", "1440", "2880"), krwRate, "2025-01-22")).toMatchObject({
      low: "1",
      high: "2",
    });
  });

  it("shows the rate used with its date, kind, source and version", () => {
    expect(toUsd(amount("KRW", "2500000000000"), krwRate, "2025-01-22")?.rate).toEqual({
      currency: "KRW",
      date: "2025-01-22",
      unitsPerUsd: "1440",
      kind: "implied",
      source: "Bank of Korea reference rate",
      version: 2,
    });
  });

  it("shows a USD-per-unit rate as given, without a units-per-USD", () => {
    expect(toUsd(amount("EUR", "1"), eurRate, "2025-02-10")?.rate).toEqual({
      currency: "EUR",
      date: "2025-02-10",
      usdPerUnit: "1.0412",
      kind: "official",
      source: "ECB reference rate",
      version: 1,
    });
  });

  it("answers null when there is no amount", () => {
    expect(toUsd(undefined, krwRate, "2025-01-22")).toBeNull();
  });

  it("answers null (unconverted) when no rate is known, never guessing one", () => {
    expect(toUsd(amount("KRW", "2500000000000"), undefined, "2025-01-22")).toBeNull();
  });

  it("marks a 2026 figure converted with a 2025 rate as stale", () => {
    expect(toUsd(amount("KRW", "2500000000000"), krwRate, "2026-03-01")?.stale).toBe(true);
  });

  it("does not mark a conversion with a rate of the announcement day as stale", () => {
    expect(toUsd(amount("KRW", "2500000000000"), krwRate, "2025-01-22")?.stale).toBe(false);
  });
});

describe("isStale", () => {
  it("is false for a rate dated 31 days before the announcement", () => {
    expect(isStale("2025-01-01", "2025-02-01")).toBe(false);
  });

  it("is true for a rate dated 32 days before the announcement", () => {
    expect(isStale("2025-01-01", "2025-02-02")).toBe(true);
  });

  it("counts days across a leap day: 2024-02-28 to 2024-03-30 is 31 days", () => {
    expect(isStale("2024-02-28", "2024-03-30")).toBe(false);
  });

  it("is false for the identity rate of USD, which has no date", () => {
    expect(isStale(null, "2030-01-01")).toBe(false);
  });
});

describe("rounding: half away from zero, to whole US dollars, once per figure", () => {
  it("rounds KRW 2 at 4 per USD (US$0.5) up to US$1", () => {
    expect(toUsd(amount("KRW", "2"), rateOf("KRW", "unitsPerUsd", "4"), "2025-01-01")?.high).toBe("1");
  });

  it("rounds KRW 10 at 4 per USD (US$2.5) to US$3, not to the even US$2", () => {
    expect(toUsd(amount("KRW", "10"), rateOf("KRW", "unitsPerUsd", "4"), "2025-01-01")?.high).toBe("3");
  });

  it("rounds EUR 5 at 0.5 USD each (US$2.5) to US$3", () => {
    expect(toUsd(amount("EUR", "5"), rateOf("EUR", "usdPerUnit", "0.5"), "2025-01-01")?.high).toBe("3");
  });

  it("rounds US$2.4999 down to US$2", () => {
    expect(toUsd(amount("EUR", "4.9998"), rateOf("EUR", "usdPerUnit", "0.5"), "2025-01-01")?.high).toBe("2");
  });

  it("rounds the exact product once: EUR 1.4 at 1.4 is US$1.96, so US$2 (rounding the amount first gives 1)", () => {
    expect(toUsd(amount("EUR", "1.4"), rateOf("EUR", "usdPerUnit", "1.4"), "2025-01-01")?.high).toBe("2");
  });

  it("rounds low and high each from its own exact value", () => {
    expect(toUsd(amount("KRW", "6", "10"), rateOf("KRW", "unitsPerUsd", "4"), "2025-01-01")).toMatchObject({
      low: "2",
      high: "3",
    });
  });
});

describe("storedConversion", () => {
  const legacy = {
    low: "1736111111",
    high: "1736111111",
    rate: { currency: "KRW", date: "2025-01-22", unitsPerUsd: "1440", source: "IT동아" },
  };

  it("derives stale for a conversion stored before it had the flag, and shows kind and version as unknown", () => {
    expect(storedConversion(legacy, "2026-01-05")).toEqual({
      ...legacy,
      rate: { ...legacy.rate, kind: null, version: null },
      stale: true,
    });
  });

  it("leaves a current conversion as it is", () => {
    const current = { ...legacy, rate: { ...legacy.rate, kind: "implied", version: 1 }, stale: false };

    expect(storedConversion(current, "2026-01-05")).toBe(current);
  });

  it("leaves null (unconverted) as it is", () => {
    expect(storedConversion(null, "2026-01-05")).toBeNull();
  });
});

describe("sameRate", () => {
  it("is true for the same rate, kind and source", () => {
    expect(sameRate(krwRate, { unitsPerUsd: "1440", kind: "implied", source: krwRate.source })).toBe(true);
  });

  it("is false when only the kind differs", () => {
    expect(sameRate(krwRate, { unitsPerUsd: "1440", kind: "market", source: krwRate.source })).toBe(false);
  });

  it("is false when the same value is given the other way round", () => {
    expect(sameRate(krwRate, { usdPerUnit: "1440", kind: "implied", source: krwRate.source })).toBe(false);
  });
});

describe("reconversionNote", () => {
  it("names the currency, date, version, rate and kind", () => {
    expect(reconversionNote({ ...krwRate, unitsPerUsd: "1450", kind: "market" })).toBe(
      "re-converted with KRW 2025-01-22 version 2: 1450 KRW per USD (market)",
    );
  });

  it("says when the rate's kind is unknown (stored before rates had one)", () => {
    expect(reconversionNote({ ...eurRate, kind: null })).toBe(
      "re-converted with EUR 2025-02-10 version 1: 1.0412 USD per EUR (kind not recorded)",
    );
  });
});

describe("fxRateInput", () => {
  it("accepts a units-per-USD rate with its kind", () => {
    expect(
      fxRateInput.safeParse({ unitsPerUsd: "1440", kind: "implied", source: "Bank of Korea" }).success,
    ).toBe(true);
  });

  it("accepts a USD-per-unit rate with its kind", () => {
    expect(fxRateInput.safeParse({ usdPerUnit: "1.0412", kind: "official", source: "ECB" }).success).toBe(
      true,
    );
  });

  it("refuses a rate without a kind", () => {
    const result = fxRateInput.safeParse({ unitsPerUsd: "1440", source: "Bank of Korea" });

    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["kind"]]);
  });

  it("refuses a kind outside official, market and implied", () => {
    const result = fxRateInput.safeParse({ unitsPerUsd: "1440", kind: "guess", source: "Bank of Korea" });

    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["kind"]]);
  });

  it("refuses both rates at once", () => {
    const result = fxRateInput.safeParse({
      unitsPerUsd: "1440",
      usdPerUnit: "0.000694",
      kind: "market",
      source: "Bank of Korea",
    });

    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["unitsPerUsd"]]);
  });

  it("refuses neither rate", () => {
    const result = fxRateInput.safeParse({ kind: "market", source: "Bank of Korea" });

    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["unitsPerUsd"]]);
  });

  it("refuses a rate given as a JSON number", () => {
    const result = fxRateInput.safeParse({ unitsPerUsd: 1440, kind: "market", source: "Bank of Korea" });

    expect(result.error?.issues[0]?.path).toEqual(["unitsPerUsd"]);
  });

  it("refuses a blank source", () => {
    const result = fxRateInput.safeParse({ unitsPerUsd: "1440", kind: "market", source: "   " });

    expect(result.error?.issues[0]?.path).toEqual(["source"]);
  });

  it("keeps the rate as given, canonically spelled", () => {
    expect(
      fxRateInput.parse({ unitsPerUsd: "1440.00", kind: "market", source: "Bank of Korea" }).unitsPerUsd,
    ).toBe("1440");
  });
});

describe("rate bounds", () => {
  it("accepts a rate with up to 12 decimal places", () => {
    expect(fxRateInput.parse({ usdPerUnit: "0.000694444444", kind: "market", source: "s" }).usdPerUnit).toBe(
      "0.000694444444",
    );
  });

  it("refuses a rate that would convert amounts beyond the USD sort keys", () => {
    expect(fxRateInput.safeParse({ usdPerUnit: "100000000000", kind: "market", source: "s" }).success).toBe(
      false,
    );
  });

  it("refuses a units-per-USD rate below 0.0001", () => {
    expect(fxRateInput.safeParse({ unitsPerUsd: "0.00001", kind: "market", source: "s" }).success).toBe(
      false,
    );
  });
});
