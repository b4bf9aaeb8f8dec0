/**
 * The crons, locally: the one scheduler runs every job of shared/schedules.ts — the summaries and the webhook
 * retries — through the very handler module Lambda runs, bound to the stack's deps.
 */
import { pathToFileURL } from "node:url";
import type { Deps } from "../../shared/deps.ts";
import { nextRunAfter, type ScheduledJob, scheduledJobs, webhookRetryJob } from "../../shared/schedules.ts";
import { projectRoot } from "./app.ts";
import { startScheduler } from "./scheduler.ts";
import type { BackgroundTask } from "./task.ts";

/** The local retry job never runs more often than this, however short the retry steps. */
const MIN_RETRY_INTERVAL_MS = 50;

type JobRun = (event: unknown) => Promise<unknown>;

/**
 * When a job runs next locally: on its schedule, except that the retry job also runs as often as the shortest
 * retry step (5 s by default, milliseconds in tests), so that short steps are kept rather than rounded up to the
 * minute of the deployed cron.
 */
export function localNextRun(job: ScheduledJob, after: Date, retrySchedule: readonly number[]): Date {
  const scheduled = nextRunAfter(job.schedule, after);
  if (job !== webhookRetryJob || retrySchedule.length === 0) return scheduled;
  const step = Math.max(MIN_RETRY_INTERVAL_MS, Math.min(...retrySchedule));
  return new Date(Math.min(scheduled.getTime(), after.getTime() + step));
}

async function boundHandler(job: ScheduledJob, deps: Deps): Promise<JobRun> {
  const module: { handler?: { withDeps?: unknown } } = await import(
    new URL(job.file, pathToFileURL(projectRoot)).href
  );
  const withDeps = module.handler?.withDeps;
  if (typeof withDeps !== "function")
    throw new Error(`${job.file}: its handler has no .withDeps (make it with lambdaEntry)`);
  return (withDeps as (deps: Deps) => JobRun)(deps);
}

export const scheduledJobsTask: BackgroundTask = {
  name: `scheduled jobs: ${scheduledJobs.map((job) => job.description).join(", ")}`,
  async start({ deps }) {
    const runs = new Map<ScheduledJob, JobRun>();
    for (const job of scheduledJobs) runs.set(job, await boundHandler(job, deps));
    return startScheduler({
      jobs: scheduledJobs,
      now: () => deps.now(),
      nextRun: (job, after) => localNextRun(job, after, deps.webhooks.retrySchedule),
      run: (job) => (runs.get(job) as JobRun)(job.event),
      onError: (job, error, attempt) =>
        console.error(`${job.description} failed (attempt ${attempt}):`, error),
    });
  },
};
