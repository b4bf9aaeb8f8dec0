/**
 * Bench 5, webhooks: `events` commitments created through the API, each a `commitment.created` event fanned out to
 * five subscriptions on one local receiver (which verifies every request with `standardwebhooks`), through the
 * local stack's stream poller and the deployed stream handler. Deliveries per second from the first write to the
 * last delivery, and whether every delivery arrived exactly once per `webhook-id` and endpoint.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startReceiver } from "../support/receiver.ts";
import { generatedCommitments } from "./generate.ts";
import {
  type Cleanup,
  freshDeps,
  httpClient,
  type Row,
  sleep,
  startDynamo,
  startStack,
  waitUntil,
} from "./harness.ts";

export const SUBSCRIPTIONS = 5;

export interface WebhookBenchResult {
  events: number;
  subscriptions: number;
  expected: number;
  received: number;
  unverified: number;
  /** (endpoint, webhook-id) pairs that arrived more than once, and events an endpoint never got. */
  duplicates: number;
  missing: number;
  exactlyOnce: boolean;
  problem: string | null;
  /** From the first create sent to the last delivery received. */
  seconds: number;
  deliveriesPerSecond: number;
  /** From the last create answered to the last delivery: how far delivery trails the writes. */
  drainSeconds: number;
  writeSeconds: number;
  rows: Row[];
}

export async function benchWebhooks(cleanup: Cleanup, events = 1_000): Promise<WebhookBenchResult> {
  const dynamodb = await startDynamo(cleanup, { path: null });
  const endpoint = dynamodb.endpoint;
  const deps = await freshDeps(endpoint, {
    webhooks: { allowPrivate: true, allowHttp: true, retrySchedule: [1_000, 2_000, 4_000] },
  });
  const dataDir = await mkdtemp(join(tmpdir(), "ait-bench-webhooks-"));
  cleanup.add("webhook bench data dir", () => rm(dataDir, { recursive: true, force: true }));
  const stack = await startStack(cleanup, deps, { background: { endpoint, dataDir } });
  const receiver = await startReceiver();
  cleanup.add("webhook receiver", receiver.close);
  const api = httpClient(stack.url, { key: stack.adminKey });
  try {
    const secrets: string[] = [];
    for (let index = 0; index < SUBSCRIPTIONS; index++) {
      const created = await api("POST", "/webhooks", {
        body: { url: `${receiver.url}/hooks/${index}`, events: ["commitment.created"] },
      });
      if (created.status !== 201)
        throw new Error(`POST /webhooks answered ${created.status}: ${created.text}`);
      secrets.push(created.json.secret as string);
    }
    receiver.secrets = secrets;

    const expected = events * SUBSCRIPTIONS;
    const ids: string[] = [];
    const started = performance.now();
    const items = generatedCommitments(events);
    for (let start = 0; start < events; start += 100) {
      const response = await api("POST", "/commitments/batch", {
        body: { items: items.slice(start, start + 100) },
      });
      if (response.status !== 200)
        throw new Error(`batch answered ${response.status}: ${response.text.slice(0, 300)}`);
      for (const result of response.json.results as { id?: string; result: string }[])
        if (result.id) ids.push(result.id);
    }
    const written = performance.now();
    const arrivals: number[] = [];
    let seen = 0;
    const drained = await waitUntil(
      () => {
        for (; seen < receiver.received.length; seen++) arrivals.push(performance.now());
        return receiver.received.length >= expected;
      },
      Math.max(60_000, events * 200),
      25,
    );
    // Anything sent twice would come now.
    await sleep(3_000);
    const last = arrivals[arrivals.length - 1] ?? performance.now();

    const perEndpoint = new Map<string, Map<string, number>>();
    const commitmentsPerEndpoint = new Map<string, Set<string>>();
    for (const entry of receiver.received) {
      const id = String(entry.headers["webhook-id"]);
      const counts = perEndpoint.get(entry.path) ?? new Map<string, number>();
      counts.set(id, (counts.get(id) ?? 0) + 1);
      perEndpoint.set(entry.path, counts);
      const commitment = entry.payload?.data?.commitment?.id as string | undefined;
      if (commitment) {
        const set = commitmentsPerEndpoint.get(entry.path) ?? new Set<string>();
        set.add(commitment);
        commitmentsPerEndpoint.set(entry.path, set);
      }
    }
    let duplicates = 0;
    for (const counts of perEndpoint.values())
      for (const count of counts.values()) if (count > 1) duplicates++;
    let missing = 0;
    for (let index = 0; index < SUBSCRIPTIONS; index++) {
      const got = commitmentsPerEndpoint.get(`/hooks/${index}`) ?? new Set<string>();
      missing += ids.filter((id) => !got.has(id)).length;
    }
    const unverified = receiver.received.filter((entry) => entry.verifiedWith < 0).length;
    const exactlyOnce =
      drained && duplicates === 0 && missing === 0 && unverified === 0 && ids.length === events;
    const seconds = (last - started) / 1000;
    const result = {
      events,
      subscriptions: SUBSCRIPTIONS,
      expected,
      received: receiver.received.length,
      unverified,
      duplicates,
      missing,
      exactlyOnce,
      problem: exactlyOnce
        ? null
        : `${receiver.received.length}/${expected} received${drained ? "" : " before the time ran out"}, ${duplicates} duplicated, ${missing} missing, ${unverified} unverified, ${ids.length}/${events} created`,
      seconds,
      deliveriesPerSecond: receiver.received.length / seconds,
      drainSeconds: (last - written) / 1000,
      writeSeconds: (written - started) / 1000,
    };
    return {
      ...result,
      rows: [
        {
          events,
          endpoints: SUBSCRIPTIONS,
          deliveries: `${result.received}/${expected}`,
          "write s": result.writeSeconds,
          "first write → last delivery s": seconds,
          "deliveries/s": result.deliveriesPerSecond,
          "trailing writes by s": result.drainSeconds,
          duplicates,
          missing,
          unverified,
          "exactly once": exactlyOnce ? "yes" : "NO",
        },
      ],
    };
  } finally {
    api.close();
    await stack.close();
    await receiver.close();
    deps.db.destroy();
    await dynamodb.stop();
  }
}
