/**
 * The table's stream subscriber (SPEC 6). It sees only commitment and summary items (the same item types
 * `eventFor` reads), answers with partial batch responses, bisects a failing batch, retries a bounded number of
 * times and then sends the record's coordinates to the dead-letter queue. The local stack's stream poller
 * (infra/local/stream-poller.ts) follows the same settings.
 */
import { EVENT_ITEM_TYPES } from "../shared/webhooks/events.ts";
import { adminKey, cursorKey, webhookSecretKey } from "./secrets.ts";
import { streamDeadLetters } from "./stream-dead-letters.ts";
import { table } from "./table.ts";

table.subscribe(
  "WebhookEvents",
  {
    handler: "functions/stream/webhook-events.handler",
    // Recording a batch is quick; sending it waits for receivers (15 s each, endpoints in parallel).
    timeout: "2 minutes",
    link: [table, adminKey, cursorKey, webhookSecretKey, streamDeadLetters],
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
