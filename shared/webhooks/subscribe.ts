/**
 * Subscribing and changing a subscription: the only webhook routes that check a URL (address.ts), so the others
 * do not bundle the address checks.
 */
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import type { Deps } from "../deps.ts";
import { applyMergePatch } from "../domain/revisions.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import { resolvePartySlug } from "../parties/resolve.ts";
import { isConditionFailure } from "../table/conditions.ts";
import { keys } from "../table/keys.ts";
import { checkWebhookUrl } from "./address.ts";
import { type WebhookItem, webhookItemSchema } from "./items.ts";
import {
  type Webhook,
  type WebhookFilter,
  type WebhookInput,
  type WebhookPatch,
  webhookInput,
} from "./schema.ts";
import { generateSecret, sealSecret } from "./secrets.ts";
import { requireWebhook, toWebhook } from "./subscriptions.ts";

/**
 * The filter as it is matched: each party a slug, a name or an alias in any script, stored as the slug the registry
 * gives it (as the listing resolves `?party=`), since events are matched on their records' party slugs.
 */
async function resolvedFilter(
  deps: Deps,
  filter: WebhookFilter | undefined,
): Promise<WebhookFilter | undefined> {
  if (!filter?.parties) return filter;
  const slugs = await Promise.all(
    filter.parties.map(async (party) => (await resolvePartySlug(deps, party)) ?? party),
  );
  return { ...filter, parties: [...new Set(slugs)] };
}

/** Subscribes a URL; the answer carries the secret, which is never shown again. */
export async function createWebhook(deps: Deps, request: WebhookInput): Promise<Webhook> {
  const input = { ...request, filter: await resolvedFilter(deps, request.filter) };
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

/** How often a patch re-reads and merges again after another write changed the subscription under it. */
const PATCH_ATTEMPTS = 6;

/** Applies a merge patch; a new URL is checked again, and enabling clears the disable and the failure record. */
export async function patchWebhook(deps: Deps, id: string, patch: WebhookPatch): Promise<Webhook> {
  for (let tries = 1; ; tries++) {
    const patched = await patchAsRead(deps, id, patch);
    if (patched) return patched;
    if (tries >= PATCH_ATTEMPTS)
      throw new ConflictError("the webhook kept changing while it was patched; retry");
  }
}

/**
 * One read, merge and write, conditioned on every field the merge read (so a concurrent patch, or a disable by the
 * delivery rules, is never overwritten with what was there before); undefined when one of them changed meanwhile.
 */
async function patchAsRead(deps: Deps, id: string, patch: WebhookPatch): Promise<Webhook | undefined> {
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
  const next = { ...result.data, filter: await resolvedFilter(deps, result.data.filter) };
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
  // Enabled again, or moved to another URL: a run of failures starts afresh.
  if ((next.enabled && !item.enabled) || next.url !== item.url) {
    remove.push("#failingSince");
    names["#failingSince"] = "failingSince";
  }
  if (next.enabled && !item.enabled) {
    remove.push("#disabledReason", "#disabledAt");
    Object.assign(names, { "#disabledReason": "disabledReason", "#disabledAt": "disabledAt" });
  } else if (!next.enabled && item.enabled) {
    set.push("#disabledReason = :reason", "#disabledAt = :updatedAt");
    Object.assign(names, { "#disabledReason": "disabledReason", "#disabledAt": "disabledAt" });
    values[":reason"] = "disabled through the API";
  }
  const seen = Object.entries(current).map(([field, value]) => {
    if (value === undefined) return `attribute_not_exists(#${field})`;
    values[`:seen_${field}`] = value;
    return `#${field} = :seen_${field}`;
  });
  try {
    const { Attributes } = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.webhookLookup(id),
        UpdateExpression: `SET ${set.join(", ")}${remove.length ? ` REMOVE ${remove.join(", ")}` : ""}`,
        ConditionExpression: seen.join(" AND "),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }),
    );
    return toWebhook(webhookItemSchema.parse(Attributes), deps.now());
  } catch (error) {
    // Changed or deleted since the read: the next read merges again, or answers 404.
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
