/**
 * Races of the webhook machinery, staged: the other side of each race runs between a read and the write that relies
 * on it (tests/support/gate.ts), so each interleaving happens on every run instead of now and then.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Deps } from "../../shared/deps.ts";
import { getDeliveryItem, leaseDelivery } from "../../shared/webhooks/deliveries.ts";
import { attemptDelivery, sendDueDeliveries } from "../../shared/webhooks/dispatch.ts";
import { pingWebhook, redeliver } from "../../shared/webhooks/replay.ts";
import { EVENT_TYPES, type WebhookPatch } from "../../shared/webhooks/schema.ts";
import { patchWebhook } from "../../shared/webhooks/subscribe.ts";
import {
  deleteWebhook,
  disableWebhook,
  requireWebhook,
  rotateWebhookSecret,
} from "../../shared/webhooks/subscriptions.ts";
import { interleaving, isUpdate, isUpdateOn } from "../support/gate.ts";
import { pendingDelivery, type Receiver } from "../support/receiver.ts";
import { useSubscribedReceivers } from "../support/subscribed.ts";

const subscribed = useSubscribedReceivers();
const setUp = () => subscribed({ webhooks: { retrySchedule: [60_000] } });

describe("patching a webhook while something else writes it", () => {
  it("keeps both changes of two patches whose reads come before either write", async () => {
    const { deps, hooks, webhook } = await setUp();
    const url = `${hooks.url}/moved`;
    const racing = interleaving(deps, isUpdate, () => patchWebhook(deps, webhook.id, { description: "ops" }));

    await patchWebhook(racing, webhook.id, { url, enabled: false });

    const stored = await requireWebhook(deps, webhook.id);
    expect({
      url: stored.url,
      enabled: stored.enabled,
      description: stored.description,
      disabledReason: stored.disabledReason,
    }).toEqual({ url, enabled: false, description: "ops", disabledReason: "disabled through the API" });
  });

  it("does not enable again an endpoint the delivery rules disabled after the patch read it", async () => {
    const { deps, webhook } = await setUp();
    const gone = "the endpoint answered 410 Gone";
    const racing = interleaving(deps, isUpdate, () =>
      disableWebhook(deps, webhook.id, webhook.url, gone, deps.now().toISOString()),
    );

    await patchWebhook(racing, webhook.id, { description: "ops" });

    const stored = await requireWebhook(deps, webhook.id);
    expect({
      enabled: stored.enabled,
      reason: stored.disabledReason,
      description: stored.description,
    }).toEqual({
      enabled: false,
      reason: gone,
      description: "ops",
    });
  });

  it("answers 404 when the webhook is deleted between the read and the write", async () => {
    const { deps, webhook } = await setUp();
    const racing = interleaving(deps, isUpdate, () => deleteWebhook(deps, webhook.id));

    await expect(patchWebhook(racing, webhook.id, { description: "ops" })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("answers 404 to a rotation when the webhook is deleted between the read and the write", async () => {
    const { deps, webhook } = await setUp();
    const racing = interleaving(deps, isUpdate, () => deleteWebhook(deps, webhook.id));

    await expect(rotateWebhookSecret(racing, webhook.id)).rejects.toMatchObject({ status: 404 });
  });

  it("applies every one of concurrent patches of different fields", async () => {
    const { deps, hooks, webhook } = await setUp();
    const patches = fc.record(
      {
        url: fc.constantFrom("/a", "/b?x=1").map((path) => `${hooks.url}${path}`),
        description: fc.stringMatching(/^[a-z ]{1,20}$/),
        events: fc.subarray([...EVENT_TYPES], { minLength: 1 }),
        filter: fc.record({
          minUsd: fc.constantFrom("1", "1000000"),
          parties: fc.constant(["openai", "nvidia"]),
        }),
        enabled: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(patches, async (fields) => {
        await patchWebhook(deps, webhook.id, {
          filter: { parties: ["x"], minUsd: "5" },
          enabled: !fields.enabled,
        });
        // One patch per field, all at once: each reads before the others have written.
        await Promise.all(
          Object.entries(fields).map(([field, value]) =>
            patchWebhook(deps, webhook.id, { [field]: value } as WebhookPatch),
          ),
        );
        const stored = await requireWebhook(deps, webhook.id);
        expect(
          Object.fromEntries(
            Object.keys(fields).map((field) => [field, stored[field as keyof WebhookPatch]]),
          ),
        ).toEqual(fields);
      }),
      { numRuns: 15, endOnFailure: true },
    );
  }, 120_000);
});

describe("redelivering while another attempt runs", () => {
  it("answers 409 and sends nothing when the retry job leases the delivery after the redeliver read it", async () => {
    const { deps, hooks, webhook } = await setUp();
    hooks.respond = () => ({ status: 500 });
    const failed = await pingWebhook(deps, webhook.id);
    const retryJob = async () => {
      const due = await getDeliveryItem(deps, webhook.id, failed.id);
      if (!due || !(await leaseDelivery(deps, due))) throw new Error("the retry job did not get the lease");
    };
    const racing = interleaving(deps, isUpdate, retryJob);

    const answer = await redeliver(racing, webhook.id, failed.id).catch(
      (error: { status?: number }) => error.status,
    );

    const stored = await getDeliveryItem(deps, webhook.id, failed.id);
    expect({ answer, requests: hooks.received.length, leased: stored?.leaseId !== undefined }).toEqual({
      answer: 409,
      requests: 1,
      leased: true,
    });
  });

  it("says so (not attempted) when the retry job takes the delivery between the requeue and the attempt, and sends it once", async () => {
    const { deps, hooks, webhook } = await setUp();
    hooks.respond = () => ({ status: 500 });
    const failed = await pingWebhook(deps, webhook.id);
    hooks.respond = () => ({ status: 204 });
    const retryJob = async () => {
      const due = await getDeliveryItem(deps, webhook.id, failed.id);
      if (!due || !(await attemptDelivery(deps, due))) throw new Error("the retry job did not send it");
    };
    let updates = 0;
    // The requeue is the first update; the redeliver's own lease, the second.
    const racing = interleaving(deps, (command) => isUpdate(command) && ++updates === 2, retryJob);

    const { delivery, attempted } = await redeliver(racing, webhook.id, failed.id);

    expect({
      attempted,
      status: delivery.status,
      attempts: delivery.attempts.length,
      requests: hooks.received.length,
    }).toEqual({ attempted: false, status: "delivered", attempts: 2, requests: 2 });
  });

  it("answers, rather than fails, an attempt whose lease another attempt took before it was recorded", async () => {
    const { deps, hooks, webhook } = await setUp();
    const recorded = await pendingDelivery(deps, webhook.id, "lease.1");
    // The first attempt's lease runs out while it is sent; the retry job leases the delivery again and sends it.
    const takeover = async () => {
      const leased = await getDeliveryItem(deps, webhook.id, recorded.id);
      if (!leased || !(await attemptDelivery(deps, leased))) throw new Error("no takeover");
    };
    const racing = interleaving(deps, isUpdateOn("attemptCount"), takeover);

    const first = await attemptDelivery(racing, recorded);

    const stored = await getDeliveryItem(deps, webhook.id, recorded.id);
    expect({
      first,
      requests: hooks.received.length,
      status: stored?.status,
      attempts: stored?.attemptCount,
    }).toEqual({
      first: undefined,
      requests: 2,
      status: "delivered",
      attempts: 1,
    });
  });
});

describe("a change to the webhook during a retry run", () => {
  /** Two deliveries due to the receiver; `meanwhile` runs once the first attempt is sent and before it is recorded. */
  async function retryRun(meanwhile: (deps: Deps, webhookId: string, hooks: Receiver) => Promise<unknown>) {
    const { deps, hooks, webhook } = await setUp();
    const ids: string[] = [];
    for (const event of ["run.1", "run.2"]) ids.push((await pendingDelivery(deps, webhook.id, event)).id);
    const racing = interleaving(deps, isUpdateOn("attemptCount"), () => meanwhile(deps, webhook.id, hooks));

    await sendDueDeliveries(racing);

    const statuses = await Promise.all(
      ids.map(async (id) => (await getDeliveryItem(deps, webhook.id, id))?.status),
    );
    return { hooks, statuses };
  }

  it("sends nothing more to a webhook deleted during the run", async () => {
    const { hooks, statuses } = await retryRun((deps, id) => deleteWebhook(deps, id));

    expect({ requests: hooks.received.length, statuses: statuses.sort() }).toEqual({
      requests: 1,
      statuses: ["abandoned", "delivered"],
    });
  });

  it("sends nothing more to a webhook disabled during the run", async () => {
    const { hooks, statuses } = await retryRun((deps, id) => patchWebhook(deps, id, { enabled: false }));

    expect({ requests: hooks.received.length, statuses: statuses.sort() }).toEqual({
      requests: 1,
      statuses: ["abandoned", "delivered"],
    });
  });

  it("sends nothing more of an event type the webhook stopped subscribing to during the run", async () => {
    const { hooks, statuses } = await retryRun((deps, id) =>
      patchWebhook(deps, id, { events: ["commitment.updated"] }),
    );

    expect({ requests: hooks.received.length, statuses: statuses.sort() }).toEqual({
      requests: 1,
      statuses: ["abandoned", "delivered"],
    });
  });

  it("signs with the new secret alone once a rotation without overlap has answered", async () => {
    const { hooks } = await retryRun(async (deps, id, receiver) => {
      const rotated = await rotateWebhookSecret(deps, id, 0);
      receiver.secrets = [rotated.secret as string];
    });

    expect(
      hooks.received.map((request) => ({
        verified: request.verifiedWith >= 0,
        signatures: String(request.headers["webhook-signature"]).split(" ").length,
      })),
    ).toEqual([
      { verified: true, signatures: 1 },
      { verified: true, signatures: 1 },
    ]);
  });
});

describe("a 410 to an attempt sent before the endpoint was turned back on", () => {
  it("leaves the endpoint on: the operator's enable is newer than the answer", async () => {
    const { deps, hooks, webhook } = await setUp();
    hooks.respond = () => ({ status: 410 });
    const recorded = await pendingDelivery(deps, webhook.id, "gone.late");
    // While the attempt is answered, the endpoint is turned off and, the receiver fixed, on again.
    const racing = interleaving(deps, isUpdateOn("attemptCount"), async () => {
      await patchWebhook(deps, webhook.id, { enabled: false });
      await patchWebhook(deps, webhook.id, { enabled: true });
    });

    await attemptDelivery(racing, recorded);

    const stored = await requireWebhook(deps, webhook.id);
    expect({ enabled: stored.enabled, reason: stored.disabledReason }).toEqual({
      enabled: true,
      reason: undefined,
    });
  });
});

describe("an answer from the old URL after the subscription moved to a new one", () => {
  it.each([
    [410, { enabled: true, reason: undefined, failingSince: undefined }],
    [500, { enabled: true, reason: undefined, failingSince: undefined }],
  ])(
    "an old URL's %i neither disables the subscription nor starts its new URL's run of failures",
    async (status, after) => {
      const { deps, hooks, webhook } = await setUp();
      const moved = `${hooks.url}/new-endpoint`;
      hooks.respond = (request) => ({ status: request.path.startsWith("/new-endpoint") ? 204 : status });
      const recorded = await pendingDelivery(deps, webhook.id, `moved.${status}`);
      // The operator moves the subscription while the attempt to the old URL is being answered.
      const racing = interleaving(deps, isUpdateOn("attemptCount"), () =>
        patchWebhook(deps, webhook.id, { url: moved }),
      );

      await attemptDelivery(racing, recorded);

      const stored = await requireWebhook(deps, webhook.id);
      expect({
        url: stored.url,
        enabled: stored.enabled,
        reason: stored.disabledReason,
        failingSince: stored.failingSince,
      }).toEqual({ url: moved, ...after });
    },
  );

  it("an old URL's 2xx does not end the new URL's run of failures", async () => {
    const { deps, hooks, webhook } = await setUp();
    hooks.respond = () => ({ status: 500 });
    await pingWebhook(deps, webhook.id);
    hooks.respond = (request) => ({ status: request.path.startsWith("/new-endpoint") ? 500 : 204 });
    const recorded = await pendingDelivery(deps, webhook.id, "moved.2xx");
    // While the old URL answers 204, the operator moves the subscription and the new URL fails its first attempt.
    let newRunSince: string | undefined;
    const racing = interleaving(deps, isUpdateOn("attemptCount"), async () => {
      await patchWebhook(deps, webhook.id, { url: `${hooks.url}/new-endpoint` });
      await pingWebhook(deps, webhook.id);
      newRunSince = (await requireWebhook(deps, webhook.id)).failingSince;
    });

    await attemptDelivery(racing, recorded);

    const stored = await requireWebhook(deps, webhook.id);
    expect({ started: newRunSince !== undefined, failingSince: stored.failingSince }).toEqual({
      started: true,
      failingSince: newRunSince,
    });
  });

  it("starts a new run of failures when the URL changes", async () => {
    const { deps, hooks, webhook } = await setUp();
    hooks.respond = () => ({ status: 500 });
    await pingWebhook(deps, webhook.id);
    const failing = await requireWebhook(deps, webhook.id);

    const moved = await patchWebhook(deps, webhook.id, { url: `${hooks.url}/new-endpoint` });

    expect({ before: failing.failingSince !== undefined, after: moved.failingSince }).toEqual({
      before: true,
      after: undefined,
    });
  });
});
