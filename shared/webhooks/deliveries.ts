/**
 * Deliveries in the table: one per event and endpoint, with an id derived from both, so recording the same
 * event twice is one conditional put that fails, never a second send. While pending, a delivery sits in the
 * due index (gsi3, WHDUE / nextAttemptAt); an attempt first leases it by moving nextAttemptAt past the attempt's
 * timeout, so the stream handler and the retry job never send it at the same time, and a crashed attempt is
 * simply due again when its lease runs out.
 */
import { createHash, randomUUID } from "node:crypto";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { isConditionFailure } from "../table/conditions.ts";
import type { Page } from "../table/cursor.ts";
import { index, keys } from "../table/keys.ts";
import { queryPage, querySlice } from "../table/query.ts";
import type { WebhookEvent } from "./events.ts";
import { type DeliveryItem, deliveryItemSchema, fromDeliveryItem } from "./items.ts";
import { type Attempt, type Delivery, type DeliveryStatus, deliverySchema } from "./schema.ts";
import { requireWebhook } from "./subscriptions.ts";

/** How long the delivery log is kept (TTL). */
const RETENTION_SECONDS = 30 * 24 * 60 * 60;
/** Attempts kept in the log of one delivery (redeliveries add more). */
const MAX_LOGGED_ATTEMPTS = 20;
/** Beyond the attempt's own timeout, before a lease counts as abandoned by a crashed sender. */
const LEASE_MARGIN_MS = 30_000;

/** The webhook-id of an event to an endpoint: the same on every attempt, different per endpoint. */
export function deliveryId(eventId: string, webhookId: string): string {
  return `msg_${createHash("sha256").update(`${eventId}\n${webhookId}`).digest("hex").slice(0, 32)}`;
}

/** The API view of a delivery: its log and the body it sends, never its lease or index keys. */
export function toDelivery(item: DeliveryItem): Delivery {
  return deliverySchema.parse({
    id: item.id,
    webhookId: item.webhookId,
    eventId: item.eventId,
    type: item.eventType,
    status: item.status,
    attemptCount: item.attemptCount,
    attempts: item.attempts,
    ...(item.nextAttemptAt && item.status === "pending" ? { nextAttemptAt: item.nextAttemptAt } : {}),
    ...(item.deliveredAt ? { deliveredAt: item.deliveredAt } : {}),
    ...(item.lastError ? { lastError: item.lastError } : {}),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    payload: JSON.parse(item.payload),
  });
}

/** The body sent: `{ type, timestamp, data }` (Standard Webhooks' payload shape). */
export function payloadOf(event: Pick<WebhookEvent, "type" | "timestamp" | "data">): string {
  return JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
}

/** Records that an event is to be sent to an endpoint, due now; undefined when it was recorded before. */
export async function recordDelivery(
  deps: Deps,
  webhookId: string,
  event: Pick<WebhookEvent, "id" | "type" | "timestamp" | "data">,
): Promise<DeliveryItem | undefined> {
  const now = deps.now();
  const at = now.toISOString();
  const id = deliveryId(event.id, webhookId);
  const item: DeliveryItem = {
    ...keys.delivery(webhookId, id),
    ...keys.deliveryIndexes(webhookId, id, "pending", at),
    ...keys.deliveryDue(at, id),
    type: "delivery",
    id,
    webhookId,
    eventId: event.id,
    eventType: event.type,
    payload: payloadOf(event),
    status: "pending",
    step: 0,
    attemptCount: 0,
    attempts: [],
    nextAttemptAt: at,
    createdAt: at,
    updatedAt: at,
    expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
  };
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: item,
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return item;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** One delivery, read consistently (a redelivery acts on what is there now). */
export async function getDeliveryItem(
  deps: Deps,
  webhookId: string,
  id: string,
): Promise<DeliveryItem | undefined> {
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.tableName, Key: keys.delivery(webhookId, id), ConsistentRead: true }),
  );
  return fromDeliveryItem(Item);
}

/** Takes a pending delivery for one attempt; undefined when someone else has it or it is no longer pending. */
export async function leaseDelivery(deps: Deps, item: DeliveryItem): Promise<DeliveryItem | undefined> {
  if (item.status !== "pending" || !item.nextAttemptAt) return undefined;
  const until = new Date(deps.now().getTime() + deps.webhooks.timeoutMs + LEASE_MARGIN_MS).toISOString();
  const leaseId = randomUUID();
  try {
    const { Attributes } = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.delivery(item.webhookId, item.id),
        UpdateExpression: "SET #next = :until, #dueKey = :dueKey, #lease = :lease",
        ConditionExpression: "#status = :pending AND #next = :seen",
        ExpressionAttributeNames: {
          "#next": "nextAttemptAt",
          "#dueKey": "gsi3sk",
          "#lease": "leaseId",
          "#status": "status",
        },
        ExpressionAttributeValues: {
          ":until": until,
          ":dueKey": keys.deliveryDue(until, item.id).gsi3sk,
          ":lease": leaseId,
          ":pending": "pending",
          ":seen": item.nextAttemptAt,
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return deliveryItemSchema.parse(Attributes);
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

export type Outcome =
  | { kind: "delivered"; attempt: Attempt }
  | { kind: "retry"; attempt: Attempt; nextAttemptAt: string }
  | { kind: "exhausted" | "abandoned"; attempt?: Attempt; reason: string };

/**
 * Writes the result of a leased attempt: delivered, due again later, or final. Undefined when the lease ran out
 * and another attempt took the delivery: that attempt's result is the one recorded.
 */
export async function completeDelivery(
  deps: Deps,
  leased: DeliveryItem,
  outcome: Outcome,
): Promise<DeliveryItem | undefined> {
  const at = deps.now().toISOString();
  const attempts = outcome.attempt
    ? [...leased.attempts, outcome.attempt].slice(-MAX_LOGGED_ATTEMPTS)
    : leased.attempts;
  const status: DeliveryStatus = outcome.kind === "retry" ? "pending" : outcome.kind;
  const indexes = keys.deliveryIndexes(leased.webhookId, leased.id, status, leased.createdAt);
  const names: Record<string, string> = {
    "#status": "status",
    "#attempts": "attempts",
    "#count": "attemptCount",
    "#step": "step",
    "#updatedAt": "updatedAt",
    "#statusKey": "gsi1pk",
    "#lease": "leaseId",
    "#next": "nextAttemptAt",
    "#dueKey": "gsi3sk",
    "#lastError": "lastError",
  };
  const values: Record<string, unknown> = {
    ":status": status,
    ":attempts": attempts,
    ":count": leased.attemptCount + (outcome.attempt ? 1 : 0),
    ":step": outcome.kind === "retry" ? leased.step + 1 : leased.step,
    ":updatedAt": at,
    ":statusKey": indexes.gsi1pk,
    ":lease": leased.leaseId,
  };
  const set = [
    "#status = :status",
    "#attempts = :attempts",
    "#count = :count",
    "#step = :step",
    "#updatedAt = :updatedAt",
    "#statusKey = :statusKey",
  ];
  const remove = ["#lease"];
  if (outcome.kind === "retry") {
    set.push("#next = :next", "#dueKey = :dueKey");
    values[":next"] = outcome.nextAttemptAt;
    values[":dueKey"] = keys.deliveryDue(outcome.nextAttemptAt, leased.id).gsi3sk;
  } else {
    remove.push("#next", "#duePk", "#dueKey");
    names["#duePk"] = "gsi3pk";
  }
  if (outcome.kind === "delivered") {
    set.push("#deliveredAt = :updatedAt");
    names["#deliveredAt"] = "deliveredAt";
    remove.push("#lastError");
  } else {
    set.push("#lastError = :lastError");
    values[":lastError"] = outcome.kind === "retry" ? (outcome.attempt.error ?? "failed") : outcome.reason;
  }
  try {
    const { Attributes } = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.delivery(leased.webhookId, leased.id),
        UpdateExpression: `SET ${set.join(", ")} REMOVE ${remove.join(", ")}`,
        ConditionExpression: "#lease = :lease",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }),
    );
    return deliveryItemSchema.parse(Attributes);
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** Pending deliveries whose time has come, oldest first, from the due index. */
export async function dueDeliveries(
  deps: Deps,
  limit: number,
  startKey?: Record<string, unknown>,
): Promise<{ items: DeliveryItem[]; next: Record<string, unknown> | undefined }> {
  const slice = await querySlice(
    deps,
    {
      index: index.dueDeliveries,
      pk: keys.dueDeliveriesPartition,
      sk: { to: `${deps.now().toISOString()}#~` },
    },
    { limit, startKey },
  );
  return { items: slice.items.map((item) => deliveryItemSchema.parse(item)), next: slice.lastKey };
}

/** A webhook's deliveries, newest first, optionally of one status. */
export async function listDeliveries(
  deps: Deps,
  webhookId: string,
  query: { status?: DeliveryStatus | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<Delivery>> {
  const page = await queryPage(
    deps,
    {
      ...(query.status !== undefined
        ? { index: index.deliveriesByStatus, pk: keys.deliveryStatusPartition(webhookId, query.status) }
        : { index: index.deliveriesByWebhook, pk: keys.deliveriesPartition(webhookId) }),
      descending: true,
    },
    { limit: query.limit, cursor: query.cursor, context: `deliveries:${webhookId}:${query.status ?? "*"}` },
  );
  return {
    items: page.items.map((item) => toDelivery(deliveryItemSchema.parse(item))),
    nextCursor: page.nextCursor,
  };
}

/** A webhook's delivery log (404 when the webhook does not exist). */
export async function deliveriesOf(
  deps: Deps,
  id: string,
  query: { status?: DeliveryStatus | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<Delivery>> {
  await requireWebhook(deps, id);
  return listDeliveries(deps, id, query);
}

/** Puts a delivery back on the schedule from its start, due now (same webhook-id: it is the same message). */
export async function requeueDelivery(deps: Deps, webhookId: string, id: string): Promise<DeliveryItem> {
  const item = await getDeliveryItem(deps, webhookId, id);
  if (!item) throw new NotFoundError(`webhook ${webhookId} has no delivery ${id}`);
  const at = deps.now().toISOString();
  const indexes = keys.deliveryIndexes(webhookId, id, "pending", item.createdAt);
  const due = keys.deliveryDue(at, id);
  try {
    const { Attributes } = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.delivery(webhookId, id),
        UpdateExpression:
          "SET #status = :pending, #step = :zero, #next = :at, #statusKey = :statusKey, #duePk = :duePk, #dueKey = :dueKey, #updatedAt = :at",
        // A lease does not change updatedAt: one taken since the read (by the retry job, say) refuses this too.
        ConditionExpression: "#updatedAt = :seen AND attribute_not_exists(#lease)",
        ExpressionAttributeNames: {
          "#lease": "leaseId",
          "#status": "status",
          "#step": "step",
          "#next": "nextAttemptAt",
          "#statusKey": "gsi1pk",
          "#duePk": "gsi3pk",
          "#dueKey": "gsi3sk",
          "#updatedAt": "updatedAt",
        },
        ExpressionAttributeValues: {
          ":pending": "pending",
          ":zero": 0,
          ":at": at,
          ":statusKey": indexes.gsi1pk,
          ":duePk": due.gsi3pk,
          ":dueKey": due.gsi3sk,
          ":seen": item.updatedAt,
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return deliveryItemSchema.parse(Attributes);
  } catch (error) {
    if (isConditionFailure(error))
      throw new ConflictError(
        "this delivery is being attempted or changed right now; look again in a moment",
      );
    throw error;
  }
}
export type { DeliveryItem } from "./items.ts";
