/**
 * Work the local stack runs beside the HTTP server, started after it and stopped before it: the stream poller that
 * feeds the table's stream to the stream handler as Lambda would (SPEC 6), and the one scheduler running every job
 * of shared/schedules.ts (SPEC 5, the webhook retries). Add a task to `backgroundTasks`.
 */
import { scheduledJobsTask } from "./scheduled-jobs.ts";
import { streamPollerTask } from "./stream-poller-task.ts";
import type { BackgroundTask } from "./task.ts";

/** Started in this order, stopped in the reverse order. */
export const backgroundTasks: readonly BackgroundTask[] = [
  // First, so the stream poller is already reading when the start-up catch-up stores a summary.
  streamPollerTask,
  scheduledJobsTask,
];
