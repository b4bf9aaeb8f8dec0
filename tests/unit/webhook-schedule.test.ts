import { describe, expect, it } from "vitest";
import { localNextRun } from "../../infra/local/scheduled-jobs.ts";
import { readWebhookSettings } from "../../shared/env.ts";
import { summaryJobs, webhookRetryJob } from "../../shared/schedules.ts";
import { parseDuration, parseSchedule, webhookDeps } from "../../shared/webhooks/config.ts";
import { nextAttemptAt } from "../../shared/webhooks/dispatch.ts";
import { parseRetryAfter } from "../../shared/webhooks/send.ts";

const at = new Date("2025-02-01T00:00:00Z");
const deps = (random: number, schedule = "5s,5m,30m,2h,5h,10h,10h") => ({
  webhooks: webhookDeps({ retrySchedule: parseSchedule(schedule), random: () => random }),
});

describe("the retry schedule", () => {
  it("follows 5s, 5m, 30m, 2h, 5h, 10h, 10h without jitter at the midpoint", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map(
      (failures) => (nextAttemptAt(deps(0.5), failures, at, undefined)?.getTime() ?? 0) - at.getTime(),
    );
    expect(delays).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
  });

  it("stretches or shrinks a delay by at most 10%", () => {
    const low = (nextAttemptAt(deps(0), 2, at, undefined)?.getTime() ?? 0) - at.getTime();
    const high = (nextAttemptAt(deps(0.999999), 2, at, undefined)?.getTime() ?? 0) - at.getTime();
    expect([low, high]).toEqual([270_000, 330_000]);
  });

  it("is used up after the last step", () => {
    expect(nextAttemptAt(deps(0.5), 8, at, undefined)).toBeUndefined();
  });

  it("waits for Retry-After when it asks for longer than the schedule", () => {
    const next = nextAttemptAt(deps(0.5), 1, at, 90_000);
    expect((next?.getTime() ?? 0) - at.getTime()).toBe(90_000);
  });

  it("keeps the scheduled delay when Retry-After asks for less", () => {
    const next = nextAttemptAt(deps(0.5), 2, at, 1_000);
    expect((next?.getTime() ?? 0) - at.getTime()).toBe(300_000);
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["120", 120_000],
    ["Sat, 01 Feb 2025 00:01:00 GMT", 60_000],
    ["soon", undefined],
    ["-5", undefined],
    ["999999999", undefined],
  ])("reads %s as %s ms", (value, ms) => {
    expect(parseRetryAfter(value, at)).toBe(ms);
  });
});

describe("durations", () => {
  it("reads ms, s, m, h and d", () => {
    expect(["100ms", "15s", "5m", "2h", "5d"].map(parseDuration)).toEqual([
      100, 15_000, 300_000, 7_200_000, 432_000_000,
    ]);
  });

  it("refuses a duration without a unit", () => {
    expect(() => parseDuration("15")).toThrow(/not a duration/);
  });
});

describe("readWebhookSettings", () => {
  it("defaults to the deployed rules and the SPEC's schedule", () => {
    expect(readWebhookSettings({})).toEqual({
      allowPrivate: false,
      allowHttp: false,
      retrySchedule: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
      timeoutMs: 15_000,
      disableAfterMs: 432_000_000,
      secretOverlapMs: 86_400_000,
    });
  });

  it("takes the local stack's defaults and the environment over them", () => {
    const settings = readWebhookSettings(
      { WEBHOOKS_ALLOW_PRIVATE: "false", WEBHOOK_RETRY_SCHEDULE: "100ms,200ms" },
      { allowPrivate: true, allowHttp: true },
    );
    expect([settings.allowPrivate, settings.allowHttp, settings.retrySchedule]).toEqual([
      false,
      true,
      [100, 200],
    ]);
  });

  it("names a bad setting", () => {
    expect(() => readWebhookSettings({ WEBHOOK_TIMEOUT: "soon" })).toThrow(/WEBHOOK_TIMEOUT/);
  });
});

describe("the local retry job", () => {
  const gap = (schedule: number[]) => localNextRun(webhookRetryJob, at, schedule).getTime() - at.getTime();

  it("runs as often as the shortest retry step, at most once a minute and at least 50 ms apart", () => {
    expect([gap([5_000, 300_000]), gap([100, 200]), gap([3_600_000]), gap([10, 20]), gap([])]).toEqual([
      5_000, 100, 60_000, 50, 60_000,
    ]);
  });

  it("leaves the summary jobs on their schedules", () => {
    const sunday = new Date("2025-02-09T23:59:00Z");
    expect(localNextRun(summaryJobs[0] as (typeof summaryJobs)[number], sunday, [100]).toISOString()).toBe(
      "2025-02-10T00:05:00.000Z",
    );
  });
});
