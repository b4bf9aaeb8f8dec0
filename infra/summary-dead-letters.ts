/** Summary runs that still failed after their retries (infra/summaries.ts). */
import { deadLetterQueue } from "./dead-letter-queue.ts";

export const summaryDeadLetters = deadLetterQueue("SummaryDeadLetters");
