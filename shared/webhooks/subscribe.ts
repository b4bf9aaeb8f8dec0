/**
 * Subscribing and changing a subscription: the only webhook routes that check a URL (address.ts), so the others
 * do not bundle the address checks.
 */
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import type { Deps } from "../deps.ts";
import { applyMergePatch } from "../domain/revisions.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { isConditionFailure } from "../table/conditions.ts";
import { keys } from "../table/keys.ts";
import { checkWebhookUrl } from "./address.ts";
import { type WebhookItem, webhookItemSchema } from "./items.ts";
import { type Webhook, type WebhookInput, type WebhookPatch, webhookInput } from "./schema.ts";
import { generateSecret, sealSecret } from "./secrets.ts";
import { requireWebhook, toWebhook } from "./subscriptions.ts";

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
