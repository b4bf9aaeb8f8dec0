/** What an administrator does with deliveries beyond looking at them (deliveries.ts): ping an endpoint, send one again. */
import { ulid } from "ulid";
import type { Deps } from "../deps.ts";
import { ConflictError } from "../errors.ts";
import { getDeliveryItem, recordDelivery, requeueDelivery, toDelivery } from "./deliveries.ts";
import { attemptDelivery } from "./dispatch.ts";
import type { Delivery } from "./schema.ts";
import { requireWebhook } from "./subscriptions.ts";

/** Sends a `webhook.ping` now; answers its delivery after the first attempt (retried like any other if it failed). */
export async function pingWebhook(deps: Deps, id: string): Promise<Delivery> {
  const webhook = await requireWebhook(deps, id);
  const recorded = await recordDelivery(deps, id, {
    id: `ping.${ulid()}`,
    type: "webhook.ping",
    timestamp: deps.now().toISOString(),
    data: { webhookId: id, url: webhook.url },
  });
  if (!recorded) throw new ConflictError("a ping with this id exists already; retry");
  return toDelivery((await attemptDelivery(deps, recorded)) ?? recorded);
}

/**
 * Puts a delivery back at the start of its schedule and attempts it now, with the same webhook-id. `attempted` is
 * false when the retry job leased it between the two (it is due at once): the job sends it, and the answer is the
 * delivery as it stands then.
 */
export async function redeliver(
  deps: Deps,
  id: string,
  deliveryId: string,
): Promise<{ delivery: Delivery; attempted: boolean }> {
  const webhook = await requireWebhook(deps, id);
  if (!webhook.enabled)
    throw new ConflictError(
      `the webhook is disabled (${webhook.disabledReason ?? "no reason given"}); enable it first`,
    );
  const queued = await requeueDelivery(deps, id, deliveryId);
  const attempted = await attemptDelivery(deps, queued);
  if (attempted) return { delivery: toDelivery(attempted), attempted: true };
  // What the retry job has made of it so far.
  return { delivery: toDelivery((await getDeliveryItem(deps, id, deliveryId)) ?? queued), attempted: false };
}
