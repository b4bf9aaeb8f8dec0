/** The one structured logger of every Lambda process (HTTP handlers, the stream subscriber, the crons). */
import { Logger } from "@aws-lambda-powertools/logger";

export const logger = new Logger({ serviceName: "ai-infra-tracker", logLevel: "WARN" });
