import { lambdaEntry } from "../../shared/lambda/entry.ts";
import { type RetryRun, sendDueDeliveries } from "../../shared/webhooks/dispatch.ts";

/** The retry job (a cron): sends every delivery that is due, found through the due index. */
export const handler = lambdaEntry<unknown, RetryRun>((deps) => sendDueDeliveries(deps));
