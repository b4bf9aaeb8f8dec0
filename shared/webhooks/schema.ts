/** Webhook subscriptions, events and deliveries (SPEC 6) as zod schemas: types, validation and OpenAPI from one source. */

import { CATEGORIES, countryCode } from "../commitments/vocabulary.ts";
import { isDecimal } from "../domain/decimal.ts";
import { lines, wholeNumberParam } from "../domain/validation.ts";
import * as z from "../zod.ts";

export const COMMITMENT_EVENTS = ["commitment.created", "commitment.updated", "commitment.deleted"] as const;
export const EVENT_TYPES = [...COMMITMENT_EVENTS, "summary.published", "webhook.ping"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const DELIVERY_STATUSES = ["pending", "delivered", "exhausted", "abandoned"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const WEBHOOK_ID = /^wh_[0-9A-HJKMNP-TV-Z]{26}$/;
export const DELIVERY_ID = /^msg_[0-9a-f]{32}$/;

const unique = <T extends z.core.SomeType>(item: T, max: number) =>
  z.array(item).check(
    z.minLength(1),
    z.maxLength(max),
    z.refine((list) => new Set(list).size === list.length, "must not repeat a value"),
  );

export const webhookFilter = z
  .strictObject({
    minUsd: z
      .optional(
        z.string().check(
          z.maxLength(24),
          z.refine(
            (value) => isDecimal(value) && !value.includes("."),
            "must be a whole number of US dollars",
          ),
        ),
      )
      .register(z.globalRegistry, {
        description: "only commitments whose USD figure (high end) reaches this",
      }),
    countries: z.optional(unique(countryCode, 250)),
    categories: z.optional(unique(z.enum(CATEGORIES), CATEGORIES.length)),
    parties: z
      .optional(unique(z.string().check(z.minLength(1), z.maxLength(200)), 50))
      .register(z.globalRegistry, {
        description:
          "party slugs, names or aliases, stored as the slugs the party registry gives them; a commitment naming any of them matches",
      }),
  })
  .register(z.globalRegistry, {
    id: "WebhookFilter",
    description: "narrows commitment events; every given field must match",
  });
export type WebhookFilter = z.output<typeof webhookFilter>;

const webhookUrl = z.string().check(
  z.maxLength(2048),
  z.refine(
    (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
    "must be an http(s) URL",
  ),
);

const webhookDescription = z.string().check(z.maxLength(500), lines);

const webhookFields = {
  url: webhookUrl,
  description: z.optional(webhookDescription),
  events: unique(z.enum(EVENT_TYPES), EVENT_TYPES.length),
  filter: z.optional(webhookFilter),
  enabled: z._default(z.boolean(), true),
};

export const webhookInput = z.strictObject(webhookFields).register(z.globalRegistry, { id: "WebhookInput" });
export type WebhookInput = z.output<typeof webhookInput>;

/** A JSON merge patch of a subscription; `null` removes the description or the filter. */
export const webhookPatch = z
  .strictObject({
    url: z.optional(webhookUrl),
    description: z.optional(z.nullable(webhookDescription)),
    events: z.optional(webhookFields.events),
    filter: z.optional(z.nullable(webhookFilter)),
    enabled: z.optional(z.boolean()),
  })
  .register(z.globalRegistry, {
    id: "WebhookPatch",
    description: "JSON merge patch (RFC 7386); enabling again clears the failure record",
  });
export type WebhookPatch = z.output<typeof webhookPatch>;

export const webhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.optional(z.string()),
    events: z.array(z.enum(EVENT_TYPES)),
    filter: z.optional(webhookFilter),
    enabled: z.boolean(),
    disabledReason: z.optional(z.string()),
    disabledAt: z.optional(z.string()),
    failingSince: z
      .optional(z.string())
      .register(z.globalRegistry, { description: "first failure of the current run of failures" }),
    createdAt: z.string(),
    updatedAt: z.string(),
    secret: z.optional(z.string()).register(z.globalRegistry, {
      description: "the signing secret (whsec_…): returned once, at creation or rotation",
    }),
    previousSecretExpiresAt: z.optional(z.string()).register(z.globalRegistry, {
      description: "during a rotation, the previous secret also signs until then",
    }),
  })
  .register(z.globalRegistry, { id: "Webhook" });
export type Webhook = z.output<typeof webhookSchema>;

export const attemptSchema = z.object({
  at: z.string(),
  status: z
    .optional(z.number().check(z.int()))
    .register(z.globalRegistry, { description: "the receiver's HTTP status, when it answered" }),
  durationMs: z.number().check(z.int()),
  error: z.optional(z.string()),
});
export type Attempt = z.output<typeof attemptSchema>;

export const deliverySchema = z
  .object({
    id: z.string().register(z.globalRegistry, {
      description: "sent as webhook-id: the same for every attempt of this event to this endpoint",
    }),
    webhookId: z.string(),
    eventId: z.string(),
    type: z.enum(EVENT_TYPES),
    status: z.enum(DELIVERY_STATUSES),
    attemptCount: z.number().check(z.int()),
    attempts: z
      .array(attemptSchema)
      .register(z.globalRegistry, { description: "the latest attempts, oldest first" }),
    nextAttemptAt: z.optional(z.string()),
    deliveredAt: z.optional(z.string()),
    lastError: z.optional(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    payload: z
      .record(z.string(), z.unknown())
      .register(z.globalRegistry, { description: "the body sent: { type, timestamp, data }" }),
  })
  .register(z.globalRegistry, { id: "Delivery" });
export type Delivery = z.output<typeof deliverySchema>;

export const webhookIdParams = z.strictObject({
  id: z.string().check(z.regex(WEBHOOK_ID, "must be a webhook id (wh_ + ULID)")),
});
export const deliveryParams = z.extend(webhookIdParams, {
  deliveryId: z.string().check(z.regex(DELIVERY_ID, "must be a delivery id (msg_ + 32 hex digits)")),
});
export const deliveriesQuery = z.strictObject({
  status: z.optional(z.enum(DELIVERY_STATUSES)),
  limit: z._default(wholeNumberParam(1, 100), 25),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});
export const rotateQuery = z.strictObject({
  overlapSeconds: z.optional(wholeNumberParam(0, 7 * 24 * 3600)).register(z.globalRegistry, {
    description: "how long the previous secret keeps signing (default 24 hours)",
  }),
});
