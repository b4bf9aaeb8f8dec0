/**
 * Work the local stack runs beside the HTTP server, started after it and stopped before it: the place for the
 * scheduled handlers (SPEC 5, on the schedules the deployed crons use) and the stream poller that feeds the
 * table's stream to the stream handler as Lambda would (SPEC 6). Add a task to `backgroundTasks`.
 */
import type { Deps } from "../../shared/deps.ts";
import { summaryScheduleTask } from "./scheduler.ts";
import { streamPollerTask, webhookRetryTask } from "./webhook-tasks.ts";

export interface BackgroundContext {
  deps: Deps;
  /** The DynamoDB endpoint the stack uses (a stream poller needs it for DynamoDB Streams). */
  endpoint: string | undefined;
  /** The HTTP API's base URL. */
  url: string;
  /** Where a task may keep state ($DATA_DIR); absent in tests that keep everything in memory. */
  dataDir?: string;
}

export interface RunningTask {
  stop(): Promise<void>;
}

export interface BackgroundTask {
  /** Printed at start, e.g. "weekly summary (cron)". */
  name: string;
  start(context: BackgroundContext): Promise<RunningTask>;
}

/** Started in this order, stopped in the reverse order. */
export const backgroundTasks: readonly BackgroundTask[] = [
  streamPollerTask,
  webhookRetryTask,
  // Last, so the stream poller is already reading when the start-up catch-up stores a summary.
  summaryScheduleTask,
];
