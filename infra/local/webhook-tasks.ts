/**
 * The webhook machinery of the local stack: the stream poller feeding the deployed stream handler, and the retry
 * job on its schedule. Both run the very handlers Lambda runs, bound to the stack's deps.
 */
import { join } from "node:path";
import { handler as streamHandler } from "../../functions/stream/webhook-events.ts";
import { handler as retryHandler } from "../../functions/webhooks/retry.ts";
import { webhookRetryJob } from "../../shared/schedules.ts";
import type { BackgroundTask } from "./background.ts";
import {
  type DeadLetter,
  fileCheckpoints,
  fileDeadLetters,
  memoryCheckpoints,
  startStreamPoller,
} from "./stream-poller.ts";

const MIN_RETRY_INTERVAL_MS = 50;

export const streamPollerTask: BackgroundTask = {
  name: "table stream → webhook stream handler",
  async start({ deps, endpoint, dataDir }) {
    if (!endpoint) throw new Error("the stream poller needs the DynamoDB endpoint");
    const deadLetter = dataDir
      ? fileDeadLetters(join(dataDir, "stream-dead-letters.jsonl"))
      : async (letter: DeadLetter) => console.error("stream record dead-lettered:", JSON.stringify(letter));
    return startStreamPoller({
      deps,
      endpoint,
      handler: streamHandler.withDeps(deps),
      checkpoints: dataDir ? fileCheckpoints(join(dataDir, "stream-checkpoints.json")) : memoryCheckpoints(),
      deadLetter: async (letter) => {
        console.error(`stream record ${letter.sequenceNumber} dead-lettered: ${letter.reason}`);
        await deadLetter(letter);
      },
    });
  },
};

/** How often the local stack runs the retry job: its schedule, or the shortest retry step when that is shorter. */
export function retryIntervalMs(schedule: readonly number[]): number {
  return Math.max(
    MIN_RETRY_INTERVAL_MS,
    Math.min(
      webhookRetryJob.schedule.kind === "rate" ? webhookRetryJob.schedule.minutes * 60_000 : 60_000,
      ...schedule,
    ),
  );
}

export const webhookRetryTask: BackgroundTask = {
  name: "webhook retries (cron)",
  async start({ deps }) {
    const run = retryHandler.withDeps(deps);
    const everyMs = retryIntervalMs(deps.webhooks.retrySchedule);
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> = Promise.resolve();
    const tick = () => {
      running = run(undefined)
        .then(() => undefined)
        .catch((error: unknown) => console.error("webhook retry job failed:", error))
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, everyMs);
        });
    };
    timer = setTimeout(tick, everyMs);
    return {
      async stop() {
        stopped = true;
        clearTimeout(timer);
        await running;
      },
    };
  },
};
