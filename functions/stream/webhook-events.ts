import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { lambdaEntry } from "../../shared/lambda/entry.ts";
import { processStreamEvent } from "../../shared/webhooks/stream.ts";

/** The table's stream subscriber: commitment and summary changes become webhook deliveries (partial batch response). */
export const handler = lambdaEntry<DynamoDBStreamEvent, DynamoDBBatchResponse>(processStreamEvent);
