import { describe, expect, it } from "vitest";
import {
  isoWeekOf,
  isoWeeksIn,
  labelProblem,
  lastCompletePeriod,
  type Period,
  type PeriodKind,
  periodAt,
  periodDays,
  periodOf,
  periodState,
  previousPeriod,
} from "../../shared/domain/periods.ts";

const at = (iso: string) => new Date(iso);
function named(kind: PeriodKind, label: string): Period {
  const period = periodOf(kind, label);
  if (!period) throw new Error(`no ${kind} period ${label}`);
  return period;
}

describe("ISO weeks", () => {
  it("puts 2021-01-01 in 2020-W53", () => {
    expect(isoWeekOf(at("2021-01-01T12:00:00Z"))).toEqual({ year: 2020, week: 53 });
  });

  it("puts 2024-12-30 in 2025-W01", () => {
    expect(isoWeekOf(at("2024-12-30T00:00:00Z"))).toEqual({ year: 2025, week: 1 });
  });

  it("counts 53 weeks in 2020 and 2026, 52 in 2021 and 2025", () => {
    expect([2020, 2021, 2025, 2026].map(isoWeeksIn)).toEqual([53, 52, 52, 53]);
  });

  it("runs a week from Monday 00:00 UTC to the next Monday 00:00 UTC", () => {
    expect(periodOf("weekly", "2025-W05")).toEqual({
      kind: "weekly",
      label: "2025-W05",
      key: "weekly/2025-W05",
      start: "2025-01-27T00:00:00.000Z",
      end: "2025-02-03T00:00:00.000Z",
    });
  });

  it("spans the New Year in 2020-W53", () => {
    expect(periodOf("weekly", "2020-W53")).toMatchObject({
      start: "2020-12-28T00:00:00.000Z",
      end: "2021-01-04T00:00:00.000Z",
    });
  });

  it("has no 2021-W53", () => {
    expect(periodOf("weekly", "2021-W53")).toBeUndefined();
  });
});

describe("lastCompletePeriod", () => {
  it("is still the week before last on Sunday 23:59:59 UTC", () => {
    expect(lastCompletePeriod("weekly", at("2025-02-09T23:59:59.999Z")).label).toBe("2025-W05");
  });

  it("is still the week before last while the week just ended settles (writes stamped Sunday may be committing)", () => {
    expect(lastCompletePeriod("weekly", at("2025-02-10T00:00:00.000Z")).label).toBe("2025-W05");
    expect(lastCompletePeriod("weekly", at("2025-02-10T00:00:29.999Z")).label).toBe("2025-W05");
  });

  it("is the week just ended from Monday 00:00:30 UTC", () => {
    expect(lastCompletePeriod("weekly", at("2025-02-10T00:00:30.000Z")).label).toBe("2025-W06");
  });

  it("is the week just ended at the scheduled Monday 00:05 run", () => {
    expect(lastCompletePeriod("weekly", at("2025-02-10T00:05:00.000Z")).key).toBe("weekly/2025-W06");
  });

  it("is 2020-W53 on Monday 2021-01-04", () => {
    expect(lastCompletePeriod("weekly", at("2021-01-04T00:05:00Z")).label).toBe("2020-W53");
  });

  it("is 2024-W52 on New Year's Day 2025, which is in 2025-W01", () => {
    expect(lastCompletePeriod("weekly", at("2025-01-01T00:05:00Z")).label).toBe("2024-W52");
  });

  it("is December of the year before on 1 January", () => {
    expect(lastCompletePeriod("monthly", at("2025-01-01T00:05:00Z"))).toEqual({
      kind: "monthly",
      label: "2024-12",
      key: "monthly/2024-12",
      start: "2024-12-01T00:00:00.000Z",
      end: "2025-01-01T00:00:00.000Z",
    });
  });

  it("is still November on 31 December 23:59:59 UTC", () => {
    expect(lastCompletePeriod("monthly", at("2024-12-31T23:59:59.999Z")).label).toBe("2024-11");
  });
});

describe("period helpers", () => {
  it("lists the 7 days of a week across a month end", () => {
    expect(periodDays(named("weekly", "2025-W05"))).toEqual([
      "2025-01-27",
      "2025-01-28",
      "2025-01-29",
      "2025-01-30",
      "2025-01-31",
      "2025-02-01",
      "2025-02-02",
    ]);
  });

  it("lists 29 days for February 2024", () => {
    expect(periodDays(named("monthly", "2024-02"))).toHaveLength(29);
  });

  it("goes back from 2025-W01 to 2024-W52", () => {
    expect(previousPeriod(periodAt("weekly", at("2025-01-01T00:00:00Z"))).label).toBe("2024-W52");
  });

  it("tells complete, current and future apart at the edge, a period settling for 30 s after its end", () => {
    const week = named("weekly", "2025-W06");

    expect(
      [
        "2025-02-10T00:00:30Z",
        "2025-02-10T00:00:29.999Z",
        "2025-02-10T00:00:00Z",
        "2025-02-09T23:59:59Z",
        "2025-02-02T23:59:59Z",
      ].map((now) => periodState(week, at(now))),
    ).toEqual(["complete", "current", "current", "current", "future"]);
  });

  it.each([
    ["weekly", "2025-W5"],
    ["weekly", "2025-W00"],
    ["weekly", "1999-W10"],
    ["monthly", "2025-13"],
    ["monthly", "2025-1"],
  ] as const)("refuses %s label %s", (kind, label) => {
    expect(labelProblem(kind, label)).toMatch(/^must be/);
  });
});
