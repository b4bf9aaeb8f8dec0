import { describe, expect, it } from "vitest";
import { acceleratorText, powerText } from "../../shared/format/capacity.ts";
import {
  announcedText,
  dayText,
  instantText,
  monthText,
  periodLabel,
  periodText,
} from "../../shared/format/dates.ts";
import {
  categoryLabel,
  countryName,
  fxKindLabel,
  languageName,
  roleLabel,
  scriptLanguage,
  statusLabel,
} from "../../shared/format/labels.ts";
import { qualifierBreakdown, totalText } from "../../shared/format/totals.ts";

describe("dates", () => {
  it.each([
    ["2025-01-22", "day", "22 Jan 2025"],
    ["2025-01-01", "month", "January 2025"],
    ["2025-04-01", "quarter", "Q2 2025"],
    ["2025-01-01", "year", "2025"],
  ])("%s at %s precision reads %s", (date, precision, expected) => {
    expect(announcedText(date, precision)).toBe(expected);
  });

  it("prints days, months, instants and periods", () => {
    expect(dayText("2025-02-04")).toBe("4 Feb 2025");
    expect(monthText("2025-12")).toBe("December 2025");
    expect(instantText("2025-02-10T14:05:09.123Z")).toBe("10 Feb 2025, 14:05 UTC");
    expect(periodText({ start: "2025", end: "2029" })).toBe("2025–2029");
    expect(periodText({ start: "2025", end: "2025" })).toBe("2025");
    expect(periodText({ start: "2024-07-01", end: "2025-06-30" })).toBe("Jul 2024 – Jun 2025");
  });

  it("names summary periods", () => {
    expect(periodLabel("weekly", "2025-W05")).toBe("Week 5 of 2025");
    expect(periodLabel("monthly", "monthly/2025-01")).toBe("January 2025");
    expect(periodLabel("yearly", "2025")).toBe("2025");
  });

  it("returns text it cannot read as it is", () => {
    expect(dayText("soon")).toBe("soon");
  });
});

describe("names instead of codes", () => {
  it("names countries, and several countries for XX", () => {
    expect(countryName("KR")).toBe("South Korea");
    expect(countryName("US")).toBe("United States");
    expect(countryName("XX")).toBe("Several countries");
    expect(countryName("ZZ")).toBe("ZZ");
  });

  it("labels slugs, and still reads one it does not know", () => {
    expect(categoryLabel("data-center")).toBe("Data centers");
    expect(statusLabel("under-construction")).toBe("Under construction");
    expect(roleLabel("technology-partner")).toBe("Technology partner");
    expect(categoryLabel("quantum-computing")).toBe("Quantum computing");
    expect(fxKindLabel("implied")).toBe("implied rate");
  });

  it("names languages and tells Korean text apart", () => {
    expect(languageName("ko")).toBe("Korean");
    expect(scriptLanguage("국가 AI 컴퓨팅 센터")).toBe("ko");
    expect(scriptLanguage("국가 AI 컴퓨팅 센터 (National AI Computing Center)")).toBeUndefined();
    expect(scriptLanguage("Stargate")).toBeUndefined();
  });
});

describe("capacity", () => {
  it("prints accelerators and power", () => {
    expect(acceleratorText({ model: "NVIDIA H100", count: 15_000 })).toBe("15,000 × NVIDIA H100");
    expect(powerText(200)).toBe("200 MW");
    expect(powerText(1000)).toBe("1 GW");
  });
});

describe("totals in words", () => {
  const byQualifier = (entries: Record<string, [number, string, string | null]>) =>
    Object.fromEntries(
      Object.entries(entries).map(([q, [count, usdLow, usdHigh]]) => [q, { count, usdLow, usdHigh }]),
    );

  it("says at least when an open figure leaves the ceiling open", () => {
    const row = {
      usdLow: "565000000000",
      usdHigh: null,
      openEnded: "2",
      byQualifier: byQualifier({ "at-least": [2, "565000000000", null] }),
    };
    expect(totalText(row)).toBe("at least US$565B");
    expect(totalText(row, { exact: true })).toBe("at least US$565,000,000,000");
    expect(qualifierBreakdown(row)).toEqual(["at least US$565B (2)"]);
  });

  it("says up to when only up-to figures make it", () => {
    const row = {
      usdLow: "0",
      usdHigh: "1736111111",
      openEnded: "0",
      byQualifier: byQualifier({ "up-to": [1, "0", "1736111111"] }),
    };
    expect(totalText(row)).toBe("up to US$1.74B");
    expect(qualifierBreakdown(row)).toEqual(["up to US$1.74B (1)"]);
  });

  it("prints a floor–ceiling range, about when an approximate figure is in it", () => {
    const row = {
      usdLow: "80000000000",
      usdHigh: "81736111111",
      openEnded: "0",
      byQualifier: byQualifier({
        approximately: [1, "80000000000", "80000000000"],
        "up-to": [1, "0", "1736111111"],
      }),
    };
    expect(totalText(row)).toBe("about US$80B–81.7B");
  });

  it("prints a bare number only when every figure is exact", () => {
    const exact = {
      usdLow: "75000000000",
      usdHigh: "75000000000",
      openEnded: "0",
      byQualifier: byQualifier({ exact: [1, "75000000000", "75000000000"] }),
    };
    const approx = {
      ...exact,
      byQualifier: byQualifier({ approximately: [1, "75000000000", "75000000000"] }),
    };
    expect(totalText(exact)).toBe("US$75B");
    expect(totalText(approx)).toBe("about US$75B");
    expect(qualifierBreakdown(exact)).toEqual(["US$75B exact (1)"]);
  });

  it("reads a row without qualifiers (an older server) as its sum", () => {
    expect(totalText({ usdLow: "566736111111", usdHigh: "566736111111" })).toBe("US$567B");
    expect(qualifierBreakdown({ usdLow: "1", usdHigh: "1" })).toEqual([]);
  });
});
