/**
 * The local stand-in for EventBridge Scheduler: runs each job once at start (so a run missed while the stack was
 * down is caught up; runs are idempotent), then at every next run time, re-armed after each run, against the clock
 * it is given. A failed run is retried `job.retries` times, a minute apart, as deployed.
 */
import { nextRunAfter, type ScheduledJob } from "../../shared/schedules.ts";
import type { RunningTask } from "./task.ts";

/** setTimeout's longest delay (about 24.8 days): a monthly run further away is waited for in pieces. */
const MAX_DELAY_MS = 2 ** 31 - 1;
const RETRY_DELAY_MS = 60_000;

export interface SchedulerOptions {
  jobs: readonly ScheduledJob[];
  /** The clock the schedules are read against. */
  now: () => Date;
  /** When a job runs next (default: `nextRunAfter` its schedule). */
  nextRun?: (job: ScheduledJob, after: Date) => Date;
  run: (job: ScheduledJob) => Promise<unknown>;
  /** Run every job once at start (default true). */
  catchUp?: boolean;
  onError?: (job: ScheduledJob, error: unknown, attempt: number) => void;
}

/** Runs each job at its next run time, re-armed after every run, until stopped; stop waits for runs under way. */
export function startScheduler(options: SchedulerOptions): RunningTask {
  const nextRun = options.nextRun ?? ((job: ScheduledJob, after: Date) => nextRunAfter(job.schedule, after));
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const later = (delay: number, action: () => void) => {
    if (stopped) return;
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (!stopped) action();
      },
      Math.min(Math.max(0, delay), MAX_DELAY_MS),
    );
    timers.add(timer);
  };

  const fire = (job: ScheduledJob, attempt = 1): Promise<void> => {
    const run = options.run(job).then(
      () => undefined,
      (error: unknown) => {
        options.onError?.(job, error, attempt);
        if (attempt <= job.retries) later(RETRY_DELAY_MS, () => void fire(job, attempt + 1));
      },
    );
    running.add(run);
    void run.finally(() => running.delete(run));
    return run;
  };

  const arm = (job: ScheduledJob, at: Date) =>
    later(at.getTime() - options.now().getTime(), () => {
      if (options.now() < at) return arm(job, at);
      void fire(job).then(() => arm(job, nextRun(job, options.now())));
    });

  for (const job of options.jobs) {
    const first = nextRun(job, options.now());
    if (options.catchUp ?? true) void fire(job).then(() => arm(job, first));
    else arm(job, first);
  }

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...running]);
    },
  };
}
