/**
 * The table's stream to webhook deliveries. Each record is processed on its own (Powertools' partial batch
 * response): a record that cannot be read fails alone and is retried or dead-lettered, never the batch. A
 * record's work is recording one delivery per matching subscription under an id derived from the event and the
 * endpoint, so reading a record twice records nothing new and sends nothing twice. Sending comes after the
 * batch is recorded; whatever is not sent then is due, and the retry job sends it.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import type { Deps } from "../deps.ts";
import { logger } from "../lambda/logger.ts";
import { type DeliveryItem, recordDelivery } from "./deliveries.ts";
import { attemptAll } from "./dispatch.ts";
import { EVENT_ITEM_TYPES, eventFor, type StreamChange, type TableChange, wants } from "./events.ts";
import { allWebhooks, type WebhookItem } from "./subscriptions.ts";

/** Sending after a batch stops starting attempts after this; the subscriber's Lambda has two minutes. */
const SEND_BUDGET_MS = 60_000;
/** How long a stream batch waits for its first attempts before it lets the stream move on. */
const INLINE_WAIT_MS = 2_000;

type Image = NonNullable<NonNullable<DynamoDBRecord["dynamodb"]>["NewImage"]>;

/** Item types that can raise events; every other item is seen by its type alone. */
const EVENT_ITEMS: ReadonlySet<string> = new Set(EVENT_ITEM_TYPES);

function image(value: Image | undefined): Record<string, unknown> | undefined {
  if (!value) return undefined;
  const type = (value as Record<string, AttributeValue>).type?.S;
  // Aggregates hold exact sums beyond a JS number's precision: never unmarshal what cannot raise an event.
  if (!type || !EVENT_ITEMS.has(type)) return { type };
  return unmarshall(value as Record<string, AttributeValue>);
}

/** A Lambda stream record as the change it describes. */
export function tableChange(record: DynamoDBRecord, now: Date): TableChange {
  const change = record.eventName;
  if (change !== "INSERT" && change !== "MODIFY" && change !== "REMOVE")
    throw new Error(`stream record ${record.eventID ?? "?"} has no eventName`);
  const seconds = record.dynamodb?.ApproximateCreationDateTime;
  return {
    change: change satisfies StreamChange,
    oldImage: image(record.dynamodb?.OldImage),
    newImage: image(record.dynamodb?.NewImage),
    at: (typeof seconds === "number" ? new Date(seconds * 1000) : now).toISOString(),
  };
}

/** Records the deliveries one stream record calls for; answers those recorded now (not before). */
export async function recordEventDeliveries(
  deps: Deps,
  record: DynamoDBRecord,
  webhooks: () => Promise<WebhookItem[]>,
): Promise<DeliveryItem[]> {
  const change = tableChange(record, deps.now());
  const event = eventFor(change);
  if (!event) return [];
  const matching = (await webhooks()).filter((webhook) => wants(webhook, event));
  const recorded = await Promise.all(matching.map((webhook) => recordDelivery(deps, webhook.id, event)));
  return recorded.filter((item): item is DeliveryItem => item !== undefined);
}

/** The stream handler's work: record every record's deliveries (partial batch response), then send them. */
export async function processStreamEvent(
  deps: Deps,
  event: DynamoDBStreamEvent,
): Promise<DynamoDBBatchResponse> {
  let subscriptions: Promise<WebhookItem[]> | undefined;
  const webhooks = () => {
    subscriptions ??= allWebhooks(deps);
    return subscriptions;
  };
  const recorded: DeliveryItem[] = [];
  const response = await processPartialResponse(
    event,
    async (record: DynamoDBRecord) => {
      // The batch response names a failed record but not why, and a record that keeps failing is dead-lettered.
      const deliveries = await recordEventDeliveries(deps, record, webhooks).catch((error: unknown) => {
        logger.error("recording a stream record's deliveries failed", {
          eventID: record.eventID,
          sequenceNumber: record.dynamodb?.SequenceNumber,
          error: error as Error,
        });
        throw error;
      });
      recorded.push(...deliveries);
    },
    new BatchProcessor(EventType.DynamoDBStreams),
    // In order, like the stream; a batch whose every record fails is still answered record by record.
    { processInParallel: false, throwOnFullBatchFailure: false },
  );
  if (recorded.length > 0) {
    const deadline = deps.now().getTime() + SEND_BUDGET_MS;
    const sending = attemptAll(deps, recorded, deadline).catch((error: unknown) =>
      logger.error("sending after a stream batch failed", { error: error as Error }),
    );
    // A receiver that hangs must not hold the stream (and every other endpoint's events behind it): wait a moment
    // for the quick ones and let the slow ones finish on their own. Nothing is lost either way: each delivery
    // is recorded and leased, so one whose attempt never completes is due again for the retry job.
    await Promise.race([sending, new Promise((wake) => setTimeout(wake, INLINE_WAIT_MS).unref())]);
  }
  return response;
}
