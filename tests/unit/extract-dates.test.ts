import { describe, expect, it } from "vitest";
import { findDates, parseReference } from "../../shared/extract/dates.ts";

const first = (text: string, publishedOn: string) => {
  const [mention] = findDates(text, parseReference(publishedOn));
  return mention ? { date: mention.date, precision: mention.precision } : null;
};

describe("findDates", () => {
  it.each([
    ["지난 22일 과학기술정보통신부는", "2025-02-05", "2025-01-22", "day"],
    ["지난 3일 밝혔다", "2025-01-08", "2025-01-03", "day"],
    ["24일(현지시간) 밝혔다", "2025-01-25", "2025-01-24", "day"],
    ["지난달 취임 후", "2025-02-05", "2025-01-01", "month"],
    ["이달 발표", "2025-02-05", "2025-02-01", "month"],
    ["지난 9월 백악관 만찬에서", "2025-11-09", "2025-09-01", "month"],
    ["2025년 10월 31일 방문했다", "2025-12-01", "2025-10-31", "day"],
    ["Announced January 21, 2025, the project", "2025-03-01", "2025-01-21", "day"],
    ["said on Friday it plans", "2024-01-19", "2024-01-19", "day"],
    ["Pichai said in Tuesday’s earnings release", "2025-02-06", "2025-02-04", "day"],
    ["at the summit this week", "2025-02-12", "2025-02-01", "month"],
    ["announced last month", "2025-02-10", "2025-01-01", "month"],
    ["announced May 13 as part of", "2025-05", "2025-05-13", "day"],
  ])("resolves %s (published %s) to %s with %s precision", (text, publishedOn, date, precision) => {
    expect(first(text, publishedOn)).toEqual({ date, precision });
  });

  it("gives a week that spans two months the precision that holds it whole", () => {
    // 2025-03-31 (Monday) to 2025-04-06: two months, two quarters, one year.
    expect(first("announced last week", "2025-04-08")).toEqual({ date: "2025-01-01", precision: "year" });
    // 2025-04-28 to 2025-05-04: two months of one quarter.
    expect(first("announced last week", "2025-05-06")).toEqual({ date: "2025-04-01", precision: "quarter" });
  });

  it("leaves out a day it cannot place without the publication day", () => {
    expect(first("지난 22일 발표", "2025-02")).toBeNull();
  });

  it("leaves out years alone: they name spending periods, not announcements", () => {
    expect(findDates("올해 AI 인프라에 in 2025", parseReference("2025-02-05"))).toEqual([]);
  });

  it("leaves out dates after the publication: plans, not announcements", () => {
    expect(findDates("올해 11월 구축할 목표다", parseReference("2025-02-05"))).toEqual([]);
  });

  it("does not read durations as dates", () => {
    expect(findDates("공개한 지 3일 만에", parseReference("2025-01-25"))).toEqual([]);
  });
});
