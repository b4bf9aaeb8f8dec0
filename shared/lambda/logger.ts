/**
 * The one structured logger of every Lambda process (HTTP handlers, the stream subscriber, the crons). Its level
 * is configuration: LOG_LEVEL (or POWERTOOLS_LOG_LEVEL), read by Powertools itself and checked by shared/env.ts;
 * INFO when unset. Deployed, infra/functions.ts sets it per stage.
 */
import { Logger } from "@aws-lambda-powertools/logger";

export const logger = new Logger({ serviceName: "ai-infra-tracker" });
