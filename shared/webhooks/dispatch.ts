/**
 * Attempting deliveries and applying the rules of SPEC 6: 2xx delivered; anything else retried on the schedule
 * (with jitter, honouring Retry-After) until it is exhausted; 410 disables the endpoint at once, and so does a
 * run of nothing but failures as long as `disableAfterMs`.
 */
import type { Deps } from "../deps.ts";
import { logger } from "../lambda/logger.ts";
import {
  completeDelivery,
  type DeliveryItem,
  dueDeliveries,
  leaseDelivery,
  type Outcome,
} from "./deliveries.ts";
import { type AttemptResult, sendAttempt } from "./send.ts";
import {
  disableWebhook,
  getWebhookItem,
  recordEndpointFailure,
  recordEndpointSuccess,
  type WebhookItem,
} from "./subscriptions.ts";

/** Endpoints attempted at once. */
const CONCURRENCY = 10;
/** Jitter: each delay is stretched or shrunk by up to this fraction. */
const JITTER = 0.1;

/** When the retry after `failures` failed attempts is due, or undefined when the schedule is used up. */
export function nextAttemptAt(
  deps: Pick<Deps, "webhooks">,
  failures: number,
  at: Date,
  retryAfterMs: number | undefined,
): Date | undefined {
  const delay = deps.webhooks.retrySchedule[failures - 1];
  if (delay === undefined) return undefined;
  const jittered = delay * (1 - JITTER + 2 * JITTER * deps.webhooks.random());
  return new Date(at.getTime() + Math.round(Math.max(jittered, retryAfterMs ?? 0)));
}

function outcomeOf(deps: Deps, leased: DeliveryItem, result: AttemptResult): Outcome {
  const { retryAfterMs, ...attempt } = result;
  if (result.status !== undefined && result.status >= 200 && result.status < 300)
    return { kind: "delivered", attempt };
  if (result.status === 410)
    return { kind: "abandoned", attempt, reason: "the endpoint answered 410 Gone and was disabled" };
  const next = nextAttemptAt(deps, leased.step + 1, deps.now(), retryAfterMs);
  if (!next)
    return {
      kind: "exhausted",
      attempt,
      reason: `every scheduled attempt failed; the last: ${result.error}`,
    };
  return { kind: "retry", attempt, nextAttemptAt: next.toISOString() };
}

/** What the attempt says about the endpoint: 410 disables it, a success ends a run of failures, a long run disables it. */
async function updateEndpoint(deps: Deps, webhook: WebhookItem, result: AttemptResult): Promise<void> {
  const at = deps.now().toISOString();
  // Each conditioned on the URL the attempt went to: an endpoint moved meanwhile is judged by its new URL's answers.
  if (result.status !== undefined && result.status >= 200 && result.status < 300) {
    // Whatever the read said: another attempt may have started a run of failures since (the write is conditional).
    return recordEndpointSuccess(deps, webhook.id, webhook.url);
  }
  if (result.status === 410)
    return disableWebhook(deps, webhook.id, webhook.url, "the endpoint answered 410 Gone", at, {
      updatedAt: webhook.updatedAt,
    });
  const since = await recordEndpointFailure(deps, webhook.id, webhook.url, at);
  if (since && Date.parse(at) - Date.parse(since) >= deps.webhooks.disableAfterMs)
    await disableWebhook(deps, webhook.id, webhook.url, `nothing but failures since ${since}`, at, {
      failingSince: since,
    });
}

/**
 * One attempt of a pending delivery, if it can be leased: sent, logged, and the schedule and endpoint rules
 * applied. Answers the delivery as it is afterwards (undefined when someone else holds it).
 */
export async function attemptDelivery(deps: Deps, item: DeliveryItem): Promise<DeliveryItem | undefined> {
  const leased = await leaseDelivery(deps, item);
  if (!leased) return undefined;
  // Read for this attempt, after the lease: a delete, disable or rotation answered before now is honoured.
  const webhook = await getWebhookItem(deps, leased.webhookId);
  if (!webhook)
    return completeDelivery(deps, leased, { kind: "abandoned", reason: "the webhook was deleted" });
  if (!webhook.enabled)
    return completeDelivery(deps, leased, {
      kind: "abandoned",
      reason: `the webhook is disabled${webhook.disabledReason ? `: ${webhook.disabledReason}` : ""}`,
    });
  // Events of a type the subscription has stopped asking for since are not sent (a ping is asked for each time).
  if (leased.eventType !== "webhook.ping" && !webhook.events.includes(leased.eventType))
    return completeDelivery(deps, leased, {
      kind: "abandoned",
      reason: `the webhook no longer subscribes to ${leased.eventType}`,
    });
  const result = await sendAttempt(deps, webhook, leased.id, leased.payload);
  const outcome = outcomeOf(deps, leased, result);
  deps.count?.(outcome.kind === "delivered" ? "WebhookDeliveries" : "WebhookDeliveryFailures");
  const done = await completeDelivery(deps, leased, outcome);
  if (!done)
    logger.warn("a delivery's lease ran out during its attempt; another attempt took it", {
      deliveryId: leased.id,
    });
  await updateEndpoint(deps, webhook, result);
  return done;
}

/**
 * Attempts many deliveries: endpoints side by side (a few at a time), each endpoint's deliveries one after the
 * other in the order given, so a slow receiver delays only itself and sees events in stream order.
 */
export async function attemptAll(
  deps: Deps,
  items: readonly DeliveryItem[],
  /** No attempt starts at or after this (epoch ms, on `deps.now`): what is left stays due for the retry job. */
  deadline = Number.POSITIVE_INFINITY,
): Promise<number> {
  const byEndpoint = new Map<string, DeliveryItem[]>();
  for (const item of items) byEndpoint.set(item.webhookId, [...(byEndpoint.get(item.webhookId) ?? []), item]);
  const queue = [...byEndpoint.values()];
  let attempted = 0;
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift())
      for (const item of group) {
        if (deps.now().getTime() >= deadline) return;
        try {
          if (await attemptDelivery(deps, item)) attempted++;
        } catch (error) {
          // The delivery stays pending: its lease runs out and the retry job tries again.
          logger.error("webhook delivery attempt failed", { deliveryId: item.id, error: error as Error });
        }
      }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  return attempted;
}

export interface RetryRun {
  attempted: number;
}

/** The retry job: every delivery that is due, through the due index, until none is left or the budget is spent. */
export async function sendDueDeliveries(deps: Deps, options: { budgetMs?: number } = {}): Promise<RetryRun> {
  // The job's Lambda has a minute: no attempt (up to the timeout) starts after the budget.
  const deadline = deps.now().getTime() + (options.budgetMs ?? 40_000);
  let attempted = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dueDeliveries(deps, 50, startKey);
    attempted += await attemptAll(deps, page.items, deadline);
    startKey = page.next;
  } while (startKey && deps.now().getTime() < deadline);
  return { attempted };
}
