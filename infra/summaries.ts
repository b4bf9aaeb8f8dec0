/**
 * The summary crons (SPEC 5), one CronV2 per job of shared/schedules.ts, on the same schedules the local stack
 * runs. A failed run is retried, by EventBridge Scheduler when the invocation fails and by Lambda when the handler
 * throws; what still fails lands in the dead-letter queue. Runs are idempotent, so a retry never publishes twice.
 */
import { handlerName } from "../shared/http/route.ts";
import { awsScheduleExpression, summaryJobs } from "../shared/schedules.ts";
import { adminKey, cursorKey, webhookSecretKey } from "./secrets.ts";
import { summaryDeadLetters } from "./summary-dead-letters.ts";
import { table } from "./table.ts";

export const summaryCrons = summaryJobs.map(
  (job) =>
    new sst.aws.CronV2(job.name, {
      schedule: awsScheduleExpression(job.schedule),
      event: job.event,
      retries: job.retries,
      dlq: summaryDeadLetters.arn,
      function: {
        handler: handlerName(job),
        timeout: "5 minutes",
        link: [table, adminKey, cursorKey, webhookSecretKey],
        retries: 2,
        permissions: [{ actions: ["sqs:SendMessage"], resources: [summaryDeadLetters.arn] }],
        transform: {
          eventInvokeConfig: (args) => {
            args.destinationConfig = { onFailure: { destination: summaryDeadLetters.arn } };
          },
        },
      },
    }),
);
