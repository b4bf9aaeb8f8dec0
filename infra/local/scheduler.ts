/**
 * The crons, locally: each job of shared/schedules.ts runs once at start (so a Monday missed while the stack was
 * down is caught up; runs are idempotent), then at every `nextRunAfter`, through the very handler module Lambda
 * runs, bound to the stack's deps. A failed run is retried `job.retries` times, a minute apart, as deployed.
 */
import { pathToFileURL } from "node:url";
import type { Deps } from "../../shared/deps.ts";
import { nextRunAfter, type ScheduledJob, summaryJobs } from "../../shared/schedules.ts";
import { projectRoot } from "./app.ts";
import type { BackgroundTask, RunningTask } from "./background.ts";

/** setTimeout's longest delay (about 24.8 days): a monthly run further away is waited for in pieces. */
const MAX_DELAY_MS = 2 ** 31 - 1;
const RETRY_DELAY_MS = 60_000;

export interface SchedulerOptions {
  jobs: readonly ScheduledJob[];
  /** The clock the schedules are read against. */
  now: () => Date;
  run: (job: ScheduledJob) => Promise<unknown>;
  /** Run every job once at start (default true). */
  catchUp?: boolean;
  onError?: (job: ScheduledJob, error: unknown, attempt: number) => void;
}

/** Runs each job at its next run time, re-armed after every run, until stopped; stop waits for runs under way. */
export function startScheduler(options: SchedulerOptions): RunningTask {
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
      void fire(job).then(() => arm(job, nextRunAfter(job.schedule, options.now())));
    });

  for (const job of options.jobs) {
    const first = nextRunAfter(job.schedule, options.now());
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

type JobHandler = { withDeps(deps: Deps): (event: unknown) => Promise<unknown> };

async function boundHandler(job: ScheduledJob, deps: Deps): Promise<(event: unknown) => Promise<unknown>> {
  const module: { handler?: Partial<JobHandler> } = await import(
    new URL(job.file, pathToFileURL(projectRoot)).href
  );
  if (typeof module.handler?.withDeps !== "function")
    throw new Error(`${job.file}: its handler has no .withDeps (make it with lambdaEntry)`);
  return module.handler.withDeps(deps);
}

export const summaryScheduleTask: BackgroundTask = {
  name: `summary crons: ${summaryJobs.map((job) => job.description).join(", ")}`,
  async start({ deps }) {
    const handlers = new Map<ScheduledJob, (event: unknown) => Promise<unknown>>();
    for (const job of summaryJobs) handlers.set(job, await boundHandler(job, deps));
    return startScheduler({
      jobs: summaryJobs,
      now: () => deps.now(),
      run: (job) => (handlers.get(job) as (event: unknown) => Promise<unknown>)(job.event),
      onError: (job, error, attempt) =>
        console.error(`${job.description} failed (attempt ${attempt}):`, error),
    });
  },
};
