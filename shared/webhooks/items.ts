/** Item ↔ record mapping of the webhook machinery: subscription and delivery items, read through zod, never a cast. */
import * as z from "../zod.ts";
import { attemptSchema, DELIVERY_STATUSES, EVENT_TYPES, webhookFilter } from "./schema.ts";

/** A signing secret: sealed (shared/webhooks/secrets.ts), or plain text as stored before sealing existed. */
const storedSecret = z.object({
  sealed: z.optional(z.string()),
  value: z.optional(z.string()),
  createdAt: z.string(),
  /** Set on the previous secret when a rotation starts its overlap. */
  expiresAt: z.optional(z.string()),
});

export const webhookItemSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  gsi3pk: z.optional(z.string()),
  gsi3sk: z.optional(z.string()),
  type: z.literal("webhook"),
  id: z.string(),
  url: z.string(),
  description: z.optional(z.string()),
  events: z.array(z.enum(EVENT_TYPES)),
  filter: z.optional(webhookFilter),
  enabled: z.boolean(),
  disabledReason: z.optional(z.string()),
  disabledAt: z.optional(z.string()),
  failingSince: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  secrets: z.array(storedSecret),
});
export type WebhookItem = z.output<typeof webhookItemSchema>;

/** A stored subscription, or undefined for any other item. */
export function fromWebhookItem(item: Record<string, unknown> | undefined): WebhookItem | undefined {
  return item?.type === "webhook" ? webhookItemSchema.parse(item) : undefined;
}

export const deliveryItemSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  type: z.literal("delivery"),
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  eventType: z.enum(EVENT_TYPES),
  /** The exact body, so every attempt sends the same bytes. */
  payload: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  /** Failed attempts since the schedule (re)started: which retry delay comes next. */
  step: z.number().check(z.int()),
  attemptCount: z.number().check(z.int()),
  attempts: z.array(attemptSchema),
  nextAttemptAt: z.optional(z.string()),
  leaseId: z.optional(z.string()),
  deliveredAt: z.optional(z.string()),
  lastError: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.number(),
});
export type DeliveryItem = z.output<typeof deliveryItemSchema>;

/** A stored delivery, or undefined for any other item. */
export function fromDeliveryItem(item: Record<string, unknown> | undefined): DeliveryItem | undefined {
  return item?.type === "delivery" ? deliveryItemSchema.parse(item) : undefined;
}
