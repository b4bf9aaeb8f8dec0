/** Webhook subscriptions, events and deliveries (SPEC 6) as zod schemas: types, validation and OpenAPI from one source. */
import { z } from "zod";
import { CATEGORIES, countryCode } from "../commitments/schema.ts";
import { isDecimal } from "../domain/decimal.ts";
import { lines } from "../domain/validation.ts";

export const COMMITMENT_EVENTS = ["commitment.created", "commitment.updated", "commitment.deleted"] as const;
export const EVENT_TYPES = [...COMMITMENT_EVENTS, "summary.published", "webhook.ping"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const DELIVERY_STATUSES = ["pending", "delivered", "exhausted", "abandoned"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const WEBHOOK_ID = /^wh_[0-9A-HJKMNP-TV-Z]{26}$/;
export const DELIVERY_ID = /^msg_[0-9a-f]{32}$/;

const unique = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .min(1)
    .max(max)
    .refine((list) => new Set(list).size === list.length, "must not repeat a value");

export const webhookFilter = z
  .strictObject({
    minUsd: z
      .string()
      .max(24)
      .refine((value) => isDecimal(value) && !value.includes("."), "must be a whole number of US dollars")
      .optional()
      .describe("only commitments whose USD figure (high end) reaches this"),
    countries: unique(countryCode, 250).optional(),
    categories: unique(z.enum(CATEGORIES), CATEGORIES.length).optional(),
    parties: unique(z.string().min(1).max(200), 50)
      .optional()
      .describe("party slugs or names; a commitment naming any of them matches"),
  })
  .meta({ id: "WebhookFilter", description: "narrows commitment events; every given field must match" });
export type WebhookFilter = z.output<typeof webhookFilter>;

const webhookUrl = z
  .string()
  .max(2048)
  .refine(
    (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
    "must be an http(s) URL",
  );

const webhookFields = {
  url: webhookUrl,
  description: z.string().max(500).check(lines).optional(),
  events: unique(z.enum(EVENT_TYPES), EVENT_TYPES.length),
  filter: webhookFilter.optional(),
  enabled: z.boolean().default(true),
};

export const webhookInput = z.strictObject(webhookFields).meta({ id: "WebhookInput" });
export type WebhookInput = z.output<typeof webhookInput>;

/** A JSON merge patch of a subscription; `null` removes the description or the filter. */
export const webhookPatch = z
  .strictObject({
    url: webhookUrl.optional(),
    description: webhookFields.description.unwrap().nullable().optional(),
    events: webhookFields.events.optional(),
    filter: webhookFilter.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .meta({
    id: "WebhookPatch",
    description: "JSON merge patch (RFC 7386); enabling again clears the failure record",
  });
export type WebhookPatch = z.output<typeof webhookPatch>;

export const webhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().optional(),
    events: z.array(z.enum(EVENT_TYPES)),
    filter: webhookFilter.optional(),
    enabled: z.boolean(),
    disabledReason: z.string().optional(),
    disabledAt: z.string().optional(),
    failingSince: z.string().optional().describe("first failure of the current run of failures"),
    createdAt: z.string(),
    updatedAt: z.string(),
    secret: z
      .string()
      .optional()
      .describe("the signing secret (whsec_…): returned once, at creation or rotation"),
    previousSecretExpiresAt: z
      .string()
      .optional()
      .describe("during a rotation, the previous secret also signs until then"),
  })
  .meta({ id: "Webhook" });
export type Webhook = z.output<typeof webhookSchema>;

export const attemptSchema = z.object({
  at: z.string(),
  status: z.number().int().optional().describe("the receiver's HTTP status, when it answered"),
  durationMs: z.number().int(),
  error: z.string().optional(),
});
export type Attempt = z.output<typeof attemptSchema>;

export const deliverySchema = z
  .object({
    id: z.string().describe("sent as webhook-id: the same for every attempt of this event to this endpoint"),
    webhookId: z.string(),
    eventId: z.string(),
    type: z.enum(EVENT_TYPES),
    status: z.enum(DELIVERY_STATUSES),
    attemptCount: z.number().int(),
    attempts: z.array(attemptSchema).describe("the latest attempts, oldest first"),
    nextAttemptAt: z.string().optional(),
    deliveredAt: z.string().optional(),
    lastError: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    payload: z.record(z.string(), z.unknown()).describe("the body sent: { type, timestamp, data }"),
  })
  .meta({ id: "Delivery" });
export type Delivery = z.output<typeof deliverySchema>;

export const webhookIdParams = z.strictObject({
  id: z.string().regex(WEBHOOK_ID, "must be a webhook id (wh_ + ULID)"),
});
export const deliveryParams = webhookIdParams.extend({
  deliveryId: z.string().regex(DELIVERY_ID, "must be a delivery id (msg_ + 32 hex digits)"),
});
export const deliveriesQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});
export const rotateQuery = z.strictObject({
  overlapSeconds: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .optional()
    .describe("how long the previous secret keeps signing (default 24 hours)"),
});
