/**
 * Delivery rules against DynamoDB Local and a real receiver on 127.0.0.1: the schedule, Retry-After, the
 * five-day rule, the timeout and the lease that keeps two senders from sending one delivery twice. Time is a
 * parameter here (`deps.now`), so five days, and every retry delay, pass without sleeping.
 */
import { describe, expect, it } from "vitest";
import type { WebhookDeps } from "../../shared/webhooks/config.ts";
import { getDeliveryItem } from "../../shared/webhooks/deliveries.ts";
import { attemptDelivery, sendDueDeliveries } from "../../shared/webhooks/dispatch.ts";
import { pingWebhook } from "../../shared/webhooks/replay.ts";
import { patchWebhook } from "../../shared/webhooks/subscribe.ts";
import { requireWebhook } from "../../shared/webhooks/subscriptions.ts";
import { frozenClock, type TestClock } from "../support/clock.ts";
import { interleaving, isUpdateOn } from "../support/gate.ts";
import { pendingDelivery } from "../support/receiver.ts";
import { useSubscribedReceivers } from "../support/subscribed.ts";

const DAY = 24 * 60 * 60 * 1000;
const subscribed = useSubscribedReceivers();
const setUp = (webhooks: Partial<WebhookDeps> = {}, clock?: TestClock) =>
  subscribed({ webhooks: { retrySchedule: [100, 100], ...webhooks }, ...(clock ? { now: clock.now } : {}) });

describe("the five-day rule", () => {
  it("disables an endpoint after five days of nothing but failures", async () => {
    const clock = frozenClock();
    const start = clock.now().toISOString();
    const { deps, hooks, webhook } = await setUp({}, clock);
    hooks.respond = () => ({ status: 500 });

    await pingWebhook(deps, webhook.id);
    clock.advance(5 * DAY - 60_000);
    await pingWebhook(deps, webhook.id);
    const stillEnabled = (await requireWebhook(deps, webhook.id)).enabled;
    clock.advance(120_000);
    await pingWebhook(deps, webhook.id);

    const after = await requireWebhook(deps, webhook.id);
    expect({ stillEnabled, enabled: after.enabled, reason: after.disabledReason }).toEqual({
      stillEnabled: true,
      enabled: false,
      reason: `nothing but failures since ${start}`,
    });
  });

  it("starts the five days again after a success", async () => {
    const clock = frozenClock();
    const { deps, hooks, webhook } = await setUp({}, clock);
    let status = 500;
    hooks.respond = () => ({ status });

    await pingWebhook(deps, webhook.id);
    clock.advance(3 * DAY);
    status = 200;
    await pingWebhook(deps, webhook.id);
    status = 500;
    clock.advance(3 * DAY);
    await pingWebhook(deps, webhook.id);

    const after = await requireWebhook(deps, webhook.id);
    expect({ enabled: after.enabled, failingSince: after.failingSince }).toEqual({
      enabled: true,
      failingSince: clock.now().toISOString(),
    });
  });
});

describe("the five-day rule with attempts side by side", () => {
  it("ends the run of failures with a success answered after a failure its attempt did not read", async () => {
    const clock = frozenClock();
    const loopback = async (_host: string) => [{ address: "127.0.0.1", family: 4 as const }];
    const { deps, hooks, webhook } = await setUp({ resolve: loopback }, clock);
    await patchWebhook(deps, webhook.id, { url: `http://receiver.test:${hooks.port}/` });
    let status = 200;
    hooks.respond = () => ({ status });
    const recorded = await pendingDelivery(deps, webhook.id, "side-by-side");
    // Once this attempt has read the subscription, and before its request goes out, another attempt fails.
    let staged = false;
    const resolve = async (host: string) => {
      if (!staged) {
        staged = true;
        status = 500;
        await pingWebhook(deps, webhook.id);
        status = 200;
      }
      return loopback(host);
    };
    await attemptDelivery({ ...deps, webhooks: { ...deps.webhooks, resolve } }, recorded);
    // Five days on, a single failure.
    clock.advance(5 * DAY + 60_000);
    status = 500;
    await pingWebhook(deps, webhook.id);

    const after = await requireWebhook(deps, webhook.id);
    expect({ enabled: after.enabled, failingSince: after.failingSince }).toEqual({
      enabled: true,
      failingSince: clock.now().toISOString(),
    });
  });

  it("does not disable an endpoint whose run of failures a success ended after the failure was recorded", async () => {
    const clock = frozenClock();
    const { deps, hooks, webhook } = await setUp({}, clock);
    let status = 500;
    hooks.respond = () => ({ status });
    await pingWebhook(deps, webhook.id);
    clock.advance(5 * DAY + 60_000);
    // The failure five days on is recorded; before the disable it calls for is written, another attempt succeeds.
    const racing = interleaving(deps, isUpdateOn("disabledReason"), async () => {
      status = 200;
      await pingWebhook(deps, webhook.id);
    });

    await pingWebhook(racing, webhook.id);

    const after = await requireWebhook(deps, webhook.id);
    expect({ enabled: after.enabled, failingSince: after.failingSince }).toEqual({
      enabled: true,
      failingSince: undefined,
    });
  });
});

describe("the retry schedule", () => {
  it("waits as long as Retry-After asks on a 503", async () => {
    const { deps, hooks, webhook } = await setUp();
    hooks.respond = () => ({ status: 503, headers: { "retry-after": "120" } });

    const delivery = await pingWebhook(deps, webhook.id);

    const waited = Date.parse(delivery.nextAttemptAt ?? "") - Date.parse(delivery.attempts[0]?.at ?? "");
    expect(waited).toBeGreaterThanOrEqual(120_000);
  });

  it("retries after the scheduled delay with jitter when there is no Retry-After", async () => {
    const { deps, hooks, webhook } = await setUp({ retrySchedule: [60_000], random: () => 0 });
    hooks.respond = () => ({ status: 500 });

    const delivery = await pingWebhook(deps, webhook.id);

    const waited = Date.parse(delivery.nextAttemptAt ?? "") - Date.parse(delivery.attempts[0]?.at ?? "");
    expect(waited).toBeGreaterThanOrEqual(54_000);
    expect(waited).toBeLessThan(56_000);
  });

  it("marks a delivery exhausted once every scheduled attempt failed", async () => {
    const clock = frozenClock();
    const { deps, hooks, webhook } = await setUp({ retrySchedule: [60_000, 60_000] }, clock);
    hooks.respond = () => ({ status: 500 });
    const first = await pingWebhook(deps, webhook.id);

    // Each retry comes due as the clock passes its delay (jitter included), and the retry job sends it.
    const runs: number[] = [];
    for (let run = 0; run < 2; run++) {
      clock.advance(2 * 60_000);
      runs.push((await sendDueDeliveries(deps)).attempted);
    }

    const done = await getDeliveryItem(deps, webhook.id, first.id);
    expect({
      runs,
      status: done?.status,
      attempts: done?.attemptCount,
      requests: hooks.received.length,
    }).toEqual({ runs: [1, 1], status: "exhausted", attempts: 3, requests: 3 });
  });

  it("sends nothing before the retry is due", async () => {
    const clock = frozenClock();
    const { deps, hooks, webhook } = await setUp({ retrySchedule: [60_000], random: () => 0 }, clock);
    hooks.respond = () => ({ status: 500 });
    await pingWebhook(deps, webhook.id);

    clock.advance(53_000);
    const early = await sendDueDeliveries(deps);
    clock.advance(2_000);
    const due = await sendDueDeliveries(deps);

    expect([early.attempted, due.attempted, hooks.received.length]).toEqual([0, 1, 2]);
  });

  it("starts no attempt once the retry job's budget is spent on the clock, leaving the rest due", async () => {
    const clock = frozenClock();
    const { deps, hooks, webhook } = await setUp({}, clock);
    // Each request takes two minutes on the clock: the run's 40 s budget is spent after the first.
    hooks.respond = () => {
      clock.advance(2 * 60_000);
      return { status: 204 };
    };
    await pendingDelivery(deps, webhook.id, "budget.1");
    await pendingDelivery(deps, webhook.id, "budget.2");

    const first = await sendDueDeliveries(deps);
    const second = await sendDueDeliveries(deps);

    expect([first.attempted, second.attempted, hooks.received.length]).toEqual([1, 1, 2]);
  });

  it("fails an attempt that takes longer than the timeout", async () => {
    const { deps, hooks, webhook } = await setUp({ timeoutMs: 200 });
    hooks.respond = () => ({ status: 200, hang: true });

    const delivery = await pingWebhook(deps, webhook.id);

    expect(delivery.attempts[0]?.error).toMatch(/timed out after 200 ms|socket hang up/);
  });
});

describe("one sender at a time", () => {
  it("sends a delivery once when the stream handler and the retry job try it together", async () => {
    const { deps, hooks, webhook } = await setUp();
    const item = await pendingDelivery(deps, webhook.id, "race.1");

    await Promise.all([attemptDelivery(deps, item), attemptDelivery(deps, item), sendDueDeliveries(deps)]);

    const done = await getDeliveryItem(deps, webhook.id, item.id);
    expect({ requests: hooks.received.length, attempts: done?.attemptCount, status: done?.status }).toEqual({
      requests: 1,
      attempts: 1,
      status: "delivered",
    });
  });
});
