import { describe, expect, it } from "vitest";
import {
  awsScheduleExpression,
  nextRunAfter,
  type Schedule,
  scheduledJobs,
  summaryJobs,
  webhookRetryJob,
} from "../../shared/schedules.ts";

const weekly: Schedule = { kind: "weekly", weekday: "MON", hour: 0, minute: 5 };
const monthly: Schedule = { kind: "monthly", day: 1, hour: 0, minute: 5 };
const next = (schedule: Schedule, iso: string) => nextRunAfter(schedule, new Date(iso)).toISOString();

describe("awsScheduleExpression", () => {
  it("renders the weekly job as an EventBridge cron", () => {
    expect(awsScheduleExpression(weekly)).toBe("cron(5 0 ? * MON *)");
  });

  it("renders the monthly job as an EventBridge cron", () => {
    expect(awsScheduleExpression(monthly)).toBe("cron(5 0 1 * ? *)");
  });

  it("renders a rate job in minutes", () => {
    expect([1, 5].map((minutes) => awsScheduleExpression({ kind: "rate", minutes }))).toEqual([
      "rate(1 minute)",
      "rate(5 minutes)",
    ]);
  });

  it("refuses a monthly day that some months lack", () => {
    expect(() => awsScheduleExpression({ kind: "monthly", day: 31, hour: 0, minute: 0 })).toThrow(RangeError);
  });

  it("gives each summary job its period and handler", () => {
    expect(summaryJobs.map((job) => [awsScheduleExpression(job.schedule), job.event, job.file])).toEqual([
      ["cron(5 0 ? * MON *)", { period: "weekly" }, "functions/summaries/scheduled.ts"],
      ["cron(5 0 1 * ? *)", { period: "monthly" }, "functions/summaries/scheduled.ts"],
    ]);
  });

  it("runs the webhook retry job every minute, never retried itself, through its handler", () => {
    expect([
      awsScheduleExpression(webhookRetryJob.schedule),
      webhookRetryJob.retries,
      webhookRetryJob.file,
    ]).toEqual(["rate(1 minute)", 0, "functions/webhooks/retry.ts"]);
  });

  it("lists every job once, with a distinct resource name", () => {
    expect(new Set(scheduledJobs.map((job) => job.name)).size).toBe(summaryJobs.length + 1);
  });
});

describe("nextRunAfter", () => {
  it("runs the weekly job five minutes into Monday after Sunday 23:59:59", () => {
    expect(next(weekly, "2025-02-09T23:59:59Z")).toBe("2025-02-10T00:05:00.000Z");
  });

  it("waits a week after a run at exactly its time", () => {
    expect(next(weekly, "2025-02-10T00:05:00Z")).toBe("2025-02-17T00:05:00.000Z");
  });

  it("runs later the same Monday when started at midnight", () => {
    expect(next(weekly, "2025-02-10T00:00:00Z")).toBe("2025-02-10T00:05:00.000Z");
  });

  it("crosses the New Year for the monthly job", () => {
    expect(next(monthly, "2024-12-31T23:59:59Z")).toBe("2025-01-01T00:05:00.000Z");
  });

  it("waits for next month after the 1st's run", () => {
    expect(next(monthly, "2025-01-01T00:05:00Z")).toBe("2025-02-01T00:05:00.000Z");
  });

  it("runs a rate job its interval later", () => {
    expect(next({ kind: "rate", minutes: 1 }, "2025-02-10T00:00:30Z")).toBe("2025-02-10T00:01:30.000Z");
  });
});
