/**
 * Webhook delivery (SPEC 6): the table's stream subscriber and the retry job. The subscriber sees only commitment
 * and summary items (the same item types `eventFor` reads), answers with partial batch responses, bisects a
 * failing batch, retries a bounded number of times and then sends the record's coordinates to a dead-letter queue.
 */

import { retryJobSchedule } from "../shared/webhooks/config.ts";
import { EVENT_ITEM_TYPES } from "../shared/webhooks/events.ts";
import { adminKey } from "./secrets.ts";
import { table } from "./table.ts";

/** Stream records the subscriber gave up on: kept 14 days for a look and a replay. */
export const streamDeadLetters = new sst.aws.Queue("WebhookStreamDeadLetters", {
  transform: {
    queue: (args) => {
      args.messageRetentionSeconds = 14 * 24 * 60 * 60;
    },
  },
});

table.subscribe(
  "WebhookEvents",
  {
    handler: "functions/stream/webhook-events.handler",
    runtime: "nodejs24.x",
    architecture: "arm64",
    memory: "512 MB",
    // Recording a batch is quick; sending it waits for receivers (15 s each, endpoints in parallel).
    timeout: "2 minutes",
    link: [table, adminKey, streamDeadLetters],
  },
  {
    filters: [
      { dynamodb: { NewImage: { type: { S: [...EVENT_ITEM_TYPES] } } } },
      { eventName: ["REMOVE"], dynamodb: { OldImage: { type: { S: ["commitment"] } } } },
    ],
    transform: {
      eventSourceMapping: (args) => {
        args.functionResponseTypes = ["ReportBatchItemFailures"];
        args.bisectBatchOnFunctionError = true;
        args.maximumRetryAttempts = 5;
        args.maximumRecordAgeInSeconds = 24 * 60 * 60;
        args.batchSize = 100;
        args.maximumBatchingWindowInSeconds = 1;
        args.destinationConfig = { onFailure: { destinationArn: streamDeadLetters.arn } };
      },
    },
  },
);

/** Sends every delivery that is due, through the due index. */
export const webhookRetries = new sst.aws.CronV2("WebhookRetries", {
  schedule: retryJobSchedule.expression,
  function: {
    handler: "functions/webhooks/retry.handler",
    runtime: "nodejs24.x",
    architecture: "arm64",
    memory: "512 MB",
    timeout: "1 minute",
    link: [table, adminKey],
  },
  retries: 0,
  enabled: true,
});
