/**
 * Webhook subscriptions in the table: created with a secret shown once, listed through gsi3 (never a Scan),
 * revised with a merge patch, rotated, disabled by the delivery rules (410, five days of failures).
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import type { Deps } from "../deps.ts";
import { applyMergePatch } from "../domain/revisions.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { isConditionFailure } from "../table/conditions.ts";
import type { Page } from "../table/cursor.ts";
import { index, keys } from "../table/keys.ts";
import { queryAll, queryPage } from "../table/query.ts";
import { checkWebhookUrl } from "./address.ts";
import { fromWebhookItem, type WebhookItem, webhookItemSchema } from "./items.ts";
import { type Webhook, type WebhookInput, type WebhookPatch, webhookInput, webhookSchema } from "./schema.ts";
import { generateSecret, liveSecrets, rotateSecrets, sealPlainSecret, sealSecret } from "./signing.ts";

/** The API view: never the secrets, only when the previous one stops signing. */
export function toWebhook(item: WebhookItem, now: Date): Webhook {
  const { pk, sk, type, secrets, gsi3pk, gsi3sk, ...fields } = item;
  const previous = liveSecrets(secrets, now)[1];
  return webhookSchema.parse({
    ...fields,
    ...(previous?.expiresAt ? { previousSecretExpiresAt: previous.expiresAt } : {}),
  });
}

/** Subscribes a URL; the answer carries the secret, which is never shown again. */
export async function createWebhook(deps: Deps, input: WebhookInput): Promise<Webhook> {
  await checkWebhookUrl(deps.webhooks, input.url);
  const now = deps.now();
  const at = now.toISOString();
  const secret = generateSecret();
  const id = `wh_${ulid()}`;
  const item: WebhookItem = {
    ...keys.webhook(id),
    type: "webhook",
    id,
    url: input.url,
    ...(input.description !== undefined ? { description: input.description } : {}),
    events: input.events,
    ...(input.filter ? { filter: input.filter } : {}),
    enabled: input.enabled,
    createdAt: at,
    updatedAt: at,
    secrets: [sealSecret(secret, deps.webhookSecretKey, id, at)],
  };
  await deps.db.send(
    new PutCommand({
      TableName: deps.tableName,
      Item: item,
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  return { ...toWebhook(item, now), secret };
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

/** Applies a merge patch; a new URL is checked again, and enabling clears the disable and the failure record. */
export async function patchWebhook(deps: Deps, id: string, patch: WebhookPatch): Promise<Webhook> {
  const item = await requireWebhook(deps, id);
  const current = {
    url: item.url,
    description: item.description,
    events: item.events,
    filter: item.filter,
    enabled: item.enabled,
  };
  const result = webhookInput.safeParse(applyMergePatch(current, patch));
  if (!result.success)
    throw new ValidationError("the webhook would not be valid", {
      errors: result.error.issues.map((issue) => ({
        path: issue.path.map(String).join(".") || "(root)",
        message: issue.message,
      })),
    });
  const next = result.data;
  if (next.url !== item.url) await checkWebhookUrl(deps.webhooks, next.url);
  const at = deps.now().toISOString();
  const names: Record<string, string> = {
    "#url": "url",
    "#events": "events",
    "#enabled": "enabled",
    "#updatedAt": "updatedAt",
    "#description": "description",
    "#filter": "filter",
  };
  const values: Record<string, unknown> = {
    ":url": next.url,
    ":events": next.events,
    ":enabled": next.enabled,
    ":updatedAt": at,
  };
  const set = ["#url = :url", "#events = :events", "#enabled = :enabled", "#updatedAt = :updatedAt"];
  const remove: string[] = [];
  if (next.description !== undefined) {
    set.push("#description = :description");
    values[":description"] = next.description;
  } else remove.push("#description");
  if (next.filter !== undefined) {
    set.push("#filter = :filter");
    values[":filter"] = next.filter;
  } else remove.push("#filter");
  if (next.enabled && !item.enabled) {
    remove.push("#disabledReason", "#disabledAt", "#failingSince");
    Object.assign(names, {
      "#disabledReason": "disabledReason",
      "#disabledAt": "disabledAt",
      "#failingSince": "failingSince",
    });
  } else if (!next.enabled && item.enabled) {
    set.push("#disabledReason = :reason", "#disabledAt = :updatedAt");
    Object.assign(names, { "#disabledReason": "disabledReason", "#disabledAt": "disabledAt" });
    values[":reason"] = "disabled through the API";
  }
  try {
    const { Attributes } = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.webhookLookup(id),
        UpdateExpression: `SET ${set.join(", ")}${remove.length ? ` REMOVE ${remove.join(", ")}` : ""}`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }),
    );
    return toWebhook(webhookItemSchema.parse(Attributes), deps.now());
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError(`no webhook ${id}`);
    throw error;
  }
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
    if (isConditionFailure(error))
      throw new ConflictError("the webhook's secrets changed meanwhile (another rotation?); retry");
    throw error;
  }
}

/** Disables an endpoint (410, or failing too long); does nothing when it is already disabled or gone. */
export async function disableWebhook(deps: Deps, id: string, reason: string, at: string): Promise<void> {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.webhookLookup(id),
        UpdateExpression: "SET #enabled = :false, #reason = :reason, #disabledAt = :at, #updatedAt = :at",
        ConditionExpression: "attribute_exists(pk) AND #enabled = :true",
        ExpressionAttributeNames: {
          "#enabled": "enabled",
          "#reason": "disabledReason",
          "#disabledAt": "disabledAt",
          "#updatedAt": "updatedAt",
        },
        ExpressionAttributeValues: { ":false": false, ":true": true, ":reason": reason, ":at": at },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Notes a failed attempt; answers when the current run of failures started. */
export async function recordEndpointFailure(deps: Deps, id: string, at: string): Promise<string | undefined> {
  try {
    const { Attributes } = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.webhookLookup(id),
        UpdateExpression: "SET #failingSince = if_not_exists(#failingSince, :at)",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#failingSince": "failingSince" },
        ExpressionAttributeValues: { ":at": at },
        ReturnValues: "ALL_NEW",
      }),
    );
    return Attributes?.failingSince as string | undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** A success ends a run of failures. */
export async function recordEndpointSuccess(deps: Deps, id: string): Promise<void> {
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.webhookLookup(id),
        UpdateExpression: "REMOVE #failingSince",
        ConditionExpression: "attribute_exists(#failingSince)",
        ExpressionAttributeNames: { "#failingSince": "failingSince" },
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
