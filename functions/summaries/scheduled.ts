import { PERIOD_KINDS } from "../../shared/domain/periods.ts";
import { lambdaEntry } from "../../shared/lambda/entry.ts";
import { logger } from "../../shared/lambda/logger.ts";
import { type GenerateOutcome, generateSummary } from "../../shared/store/summaries.ts";
import * as z from "../../shared/zod.ts";

const scheduledEvent = z.object({ period: z.enum(PERIOD_KINDS) });

/**
 * The summary cron (shared/schedules.ts): summarises the last complete period of `event.period` at the clock
 * `deps.now()`. Idempotent: a retry, or a second run for the same period, stores and publishes nothing new.
 */
export const handler = lambdaEntry<unknown, { key: string; outcome: GenerateOutcome; contentHash: string }>(
  async (deps, event) => {
    const { period } = scheduledEvent.parse(event);
    const { outcome, summary } = await generateSummary(deps, { period });
    logger.info("summary generated", { key: summary.key, outcome, contentHash: summary.contentHash });
    if (outcome !== "unchanged") deps.count?.("SummariesGenerated");
    return { key: summary.key, outcome, contentHash: summary.contentHash };
  },
);
