/** The webhook retry job (SPEC 6), a CronV2 on the schedule of shared/schedules.ts that the local stack runs too. */
import { handlerName } from "../shared/http/route.ts";
import { awsScheduleExpression, webhookRetryJob } from "../shared/schedules.ts";
import { adminKey, cursorKey, webhookSecretKey } from "./secrets.ts";
import { table } from "./table.ts";

/** Sends every delivery that is due, through the due index. */
export const webhookRetries = new sst.aws.CronV2(webhookRetryJob.name, {
  schedule: awsScheduleExpression(webhookRetryJob.schedule),
  event: webhookRetryJob.event,
  retries: webhookRetryJob.retries,
  function: {
    handler: handlerName(webhookRetryJob),
    timeout: "1 minute",
    link: [table, adminKey, cursorKey, webhookSecretKey],
  },
});
