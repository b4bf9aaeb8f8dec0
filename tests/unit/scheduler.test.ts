import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startScheduler } from "../../infra/local/scheduler.ts";
import type { RunningTask } from "../../infra/local/task.ts";
import type { ScheduledJob } from "../../shared/schedules.ts";

const weekly: ScheduledJob = {
  name: "Weekly",
  description: "weekly",
  file: "unused.ts",
  event: { period: "weekly" },
  schedule: { kind: "weekly", weekday: "MON", hour: 0, minute: 5 },
  retries: 1,
};
const monthly: ScheduledJob = {
  ...weekly,
  name: "Monthly",
  schedule: { kind: "monthly", day: 1, hour: 0, minute: 5 },
};

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
let running: RunningTask | undefined;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
  vi.useRealTimers();
});

/** Starts the scheduler at `iso` on the fake clock; returns the times (ISO) each run happened at. */
function start(iso: string, jobs: ScheduledJob[], run: () => Promise<unknown> = async () => undefined) {
  vi.setSystemTime(new Date(iso));
  const runs: string[] = [];
  running = startScheduler({
    jobs,
    now: () => new Date(),
    run: () => {
      runs.push(new Date().toISOString());
      return run();
    },
    onError: () => undefined,
  });
  return runs;
}

describe("startScheduler", () => {
  it("runs once at start to catch up, then on Monday 00:05 after Sunday 23:59", async () => {
    const runs = start("2025-02-09T23:59:00.000Z", [weekly]);

    await vi.advanceTimersByTimeAsync(6 * MINUTE);

    expect(runs).toEqual(["2025-02-09T23:59:00.000Z", "2025-02-10T00:05:00.000Z"]);
  });

  it("re-arms after each run: three Mondays, three runs after the catch-up", async () => {
    const runs = start("2025-02-09T12:00:00.000Z", [weekly]);

    await vi.advanceTimersByTimeAsync(15 * DAY);

    expect(runs.slice(1)).toEqual([
      "2025-02-10T00:05:00.000Z",
      "2025-02-17T00:05:00.000Z",
      "2025-02-24T00:05:00.000Z",
    ]);
  });

  it("waits more than setTimeout's 24.8 days for a monthly run without firing early", async () => {
    const runs = start("2025-03-01T00:06:00.000Z", [monthly]);

    await vi.advanceTimersByTimeAsync(31 * DAY);

    expect(runs).toEqual(["2025-03-01T00:06:00.000Z", "2025-04-01T00:05:00.000Z"]);
  });

  it("retries a failed run a minute later, as many times as the job allows", async () => {
    const runs = start("2025-02-09T12:00:00.000Z", [weekly], async () => {
      throw new Error("DynamoDB is down");
    });

    await vi.advanceTimersByTimeAsync(10 * MINUTE);

    expect(runs).toEqual(["2025-02-09T12:00:00.000Z", "2025-02-09T12:01:00.000Z"]);
  });

  it("runs a job whenever `nextRun` says, when it is given one", async () => {
    vi.setSystemTime(new Date("2025-02-09T12:00:00.000Z"));
    let runs = 0;
    running = startScheduler({
      jobs: [weekly],
      now: () => new Date(),
      nextRun: (_job, after) => new Date(after.getTime() + 100),
      run: async () => {
        runs++;
      },
    });

    await vi.advanceTimersByTimeAsync(1_000);

    expect(runs).toBe(11);
  });

  it("runs nothing after stop", async () => {
    const runs = start("2025-02-09T23:59:00.000Z", [weekly]);
    await running?.stop();

    await vi.advanceTimersByTimeAsync(7 * DAY);

    expect(runs).toHaveLength(1);
  });
});
