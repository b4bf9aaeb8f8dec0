/**
 * Webhook subscriptions in the table: listed through gsi3 (never a Scan), rotated, disabled by the delivery rules
 * (410, five days of failures). Created and revised (with a URL check) in subscribe.ts.
 */
import { DeleteCommand, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { isConditionFailure } from "../table/conditions.ts";
import type { Page } from "../table/cursor.ts";
import { index, keys } from "../table/keys.ts";
import { queryAll, queryPage } from "../table/query.ts";
import { fromWebhookItem, type WebhookItem, webhookItemSchema } from "./items.ts";
import { type Webhook, webhookSchema } from "./schema.ts";
import { generateSecret, liveSecrets, rotateSecrets, sealPlainSecret, sealSecret } from "./secrets.ts";

/** The API view: never the secrets, only when the previous one stops signing. */
export function toWebhook(item: WebhookItem, now: Date): Webhook {
  const { pk, sk, type, secrets, gsi3pk, gsi3sk, ...fields } = item;
  const previous = liveSecrets(secrets, now)[1];
  return webhookSchema.parse({
    ...fields,
    ...(previous?.expiresAt ? { previousSecretExpiresAt: previous.expiresAt } : {}),
  });
}

/** The stored subscription, secrets included (for signing), or undefined. */
export async function getWebhookItem(deps: Deps, id: string): Promise<WebhookItem | undefined> {
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.tableName, Key: keys.webhookLookup(id), ConsistentRead: true }),
  );
  return fromWebhookItem(Item);
}

/** The stored subscription, or a 404. */
export async function requireWebhook(deps: Deps, id: string): Promise<WebhookItem> {
  const item = await getWebhookItem(deps, id);
  if (!item) throw new NotFoundError(`no webhook ${id}`);
  return item;
}

/** A page of subscriptions through gsi3, without their secrets. */
export async function listWebhooks(
  deps: Deps,
  limit: number,
  cursor: string | undefined,
): Promise<Page<Webhook>> {
  const page = await queryPage(
    deps,
    { index: index.webhooks, pk: keys.webhooksPartition },
    { limit, cursor, context: "webhooks" },
  );
  const now = deps.now();
  return {
    items: page.items.map((item) => toWebhook(webhookItemSchema.parse(item), now)),
    nextCursor: page.nextCursor,
  };
}

/** Every subscription, page by page through gsi3: what the stream handler matches events against. */
export async function allWebhooks(deps: Deps): Promise<WebhookItem[]> {
  const items = await queryAll(deps, { index: index.webhooks, pk: keys.webhooksPartition });
  return items.map((item) => webhookItemSchema.parse(item));
}

/** Unsubscribes; its pending deliveries are abandoned when the retry job next meets them. */
export async function deleteWebhook(deps: Deps, id: string): Promise<void> {
  try {
    await deps.db.send(
      new DeleteCommand({
        TableName: deps.tableName,
        Key: keys.webhookLookup(id),
        ConditionExpression: "attribute_exists(pk)",
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError(`no webhook ${id}`);
    throw error;
  }
}

/** A new secret, shown once; the current one keeps signing beside it for the overlap. */
export async function rotateWebhookSecret(deps: Deps, id: string, overlapMs?: number): Promise<Webhook> {
  const item = await requireWebhook(deps, id);
  const now = deps.now();
  const secret = generateSecret();
  const overlapEnds = new Date(now.getTime() + (overlapMs ?? deps.webhooks.secretOverlapMs));
  const next = sealSecret(secret, deps.webhookSecretKey, id, now.toISOString());
  const current = item.secrets.map((stored) => sealPlainSecret(stored, deps.webhookSecretKey, id));
  const secrets = rotateSecrets(current, next, now, overlapEnds);
  try {
    const { Attributes } = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.webhookLookup(id),
        UpdateExpression: "SET #secrets = :secrets, #updatedAt = :at",
        ConditionExpression: "#secrets = :seen",
        ExpressionAttributeNames: { "#secrets": "secrets", "#updatedAt": "updatedAt" },
        ExpressionAttributeValues: { ":secrets": secrets, ":seen": item.secrets, ":at": now.toISOString() },
        ReturnValues: "ALL_NEW",
      }),
    );
    return { ...toWebhook(webhookItemSchema.parse(Attributes), now), secret };
  } catch (error) {
    if (isConditionFailure(error)) {
      // Deleted since the read: no retry would find it.
      if (!(await getWebhookItem(deps, id))) throw new NotFoundError(`no webhook ${id}`, { cause: error });
      throw new ConflictError("the webhook's secrets changed meanwhile (another rotation?); retry");
    }
    throw error;
  }
}

/**
 * Disables an endpoint (410, or failing too long) at the URL the attempts went to; does nothing when it is already
 * disabled or gone, or has moved to another URL since (what the old one answered says nothing of the new). Given
 * `failingSince`, only while that run of failures is still the one recorded (a success since has ended it); given
 * `updatedAt`, only while the subscription is as the attempt read it (one re-enabled since stays on).
 */
export async function disableWebhook(
  deps: Deps,
  id: string,
  url: string,
  reason: string,
  at: string,
  seen: { failingSince?: string; updatedAt?: string } = {},
): Promise<void> {
  const { failingSince, updatedAt } = seen;
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.webhookLookup(id),
        UpdateExpression: "SET #enabled = :false, #reason = :reason, #disabledAt = :at, #updatedAt = :at",
        ConditionExpression: `attribute_exists(pk) AND #enabled = :true AND #url = :url${failingSince ? " AND #failingSince = :since" : ""}${updatedAt ? " AND #updatedAt = :seen" : ""}`,
        ExpressionAttributeNames: {
          "#enabled": "enabled",
          "#reason": "disabledReason",
          "#disabledAt": "disabledAt",
          "#updatedAt": "updatedAt",
          "#url": "url",
          ...(failingSince ? { "#failingSince": "failingSince" } : {}),
        },
        ExpressionAttributeValues: {
          ":false": false,
          ":true": true,
          ":reason": reason,
          ":at": at,
          ":url": url,
          ...(failingSince ? { ":since": failingSince } : {}),
          ...(updatedAt ? { ":seen": updatedAt } : {}),
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Notes a failed attempt at `url`; answers when the current run of failures started (undefined when the endpoint
 * is gone or has moved to another URL, whose run this failure is not part of).
 */
export async function recordEndpointFailure(
  deps: Deps,
  id: string,
  url: string,
  at: string,
): Promise<string | undefined> {
  try {
    const { Attributes } = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.webhookLookup(id),
        UpdateExpression: "SET #failingSince = if_not_exists(#failingSince, :at)",
        ConditionExpression: "attribute_exists(pk) AND #url = :url",
        ExpressionAttributeNames: { "#failingSince": "failingSince", "#url": "url" },
        ExpressionAttributeValues: { ":at": at, ":url": url },
        ReturnValues: "ALL_NEW",
      }),
    );
    return Attributes?.failingSince as string | undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** A success at `url` ends a run of failures; not one of another URL the endpoint has moved to since. */
export async function recordEndpointSuccess(deps: Deps, id: string, url: string): Promise<void> {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.webhookLookup(id),
        UpdateExpression: "REMOVE #failingSince",
        ConditionExpression: "attribute_exists(#failingSince) AND #url = :url",
        ExpressionAttributeNames: { "#failingSince": "failingSince", "#url": "url" },
        ExpressionAttributeValues: { ":url": url },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
/**
 * Seals the signing secrets still stored in plain text (subscriptions from before sealing existed), each with a
 * conditional write that loses to a rotation; answers how many subscriptions it sealed. `npm start` runs it.
 */
export async function sealPlainSecrets(deps: Deps): Promise<number> {
  let sealed = 0;
  for (const item of await allWebhooks(deps)) {
    if (item.secrets.every((stored) => stored.value === undefined)) continue;
    const secrets = item.secrets.map((stored) => sealPlainSecret(stored, deps.webhookSecretKey, item.id));
    try {
      await deps.db.send(
        new UpdateCommand({
          TableName: deps.tableName,
          Key: keys.webhookLookup(item.id),
          UpdateExpression: "SET #secrets = :secrets",
          ConditionExpression: "#secrets = :seen",
          ExpressionAttributeNames: { "#secrets": "secrets" },
          ExpressionAttributeValues: { ":secrets": secrets, ":seen": item.secrets },
        }),
      );
      sealed += 1;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  return sealed;
}

export type { WebhookItem } from "./items.ts";
