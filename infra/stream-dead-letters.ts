/** Stream records the webhook subscriber gave up on (infra/webhook-stream.ts): their coordinates, for a replay. */
import { deadLetterQueue } from "./dead-letter-queue.ts";

export const streamDeadLetters = deadLetterQueue("WebhookStreamDeadLetters");
