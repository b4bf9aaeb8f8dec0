/**
 * Webhooks end to end: the local stack with its stream poller and retry job, a real receiver on 127.0.0.1 that
 * verifies every request with `standardwebhooks`' `Webhook.verify`, a retry schedule of milliseconds, and a clock
 * the tests move forward when they wait for a retry.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { freePort } from "../../infra/local/dynamodb-local.ts";
import type { ResolvedAddress } from "../../shared/webhooks/config.ts";
import { movingClock } from "../support/clock.ts";
import { commitmentInput } from "../support/fixtures.ts";
import { client } from "../support/http.ts";
import { type Received, type Receiver, startReceiver } from "../support/receiver.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

const SCHEDULE = [100, 200, 400, 800, 1600, 1600, 1600];
// Every test waits on the stream poller, which lags when the other test worker keeps the cores busy: a receiver
// waits up to 30 s (tests/support/receiver.ts), so a test may take longer than the default 20 s.
vi.setConfig({ testTimeout: 90_000 });
const clock = movingClock();
const names = new Map<string, ResolvedAddress[]>();
let resolutions = 0;

let stack: TestStack;
let api: ReturnType<typeof client>;
const receivers: Receiver[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    background: true,
    now: clock.now,
    webhooks: {
      allowPrivate: true,
      allowHttp: true,
      retrySchedule: SCHEDULE,
      timeoutMs: 2_000,
      resolve: async (hostname) => {
        resolutions++;
        const found = names.get(hostname);
        if (!found)
          throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
        return found;
      },
    },
  });
  api = client(stack.url, stack.adminKey);
});
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});
afterAll(async () => {
  await stack?.close();
});

async function receiver(port?: number): Promise<Receiver> {
  const started = await startReceiver(port);
  receivers.push(started);
  return started;
}

async function subscribe(url: string, body: Record<string, unknown> = {}) {
  const response = await api("POST", "/webhooks", { body: { url, events: ["commitment.created"], ...body } });
  expect(response.status, response.text).toBe(201);
  return response.json as { id: string; secret: string };
}

async function create(overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await api("POST", "/commitments", { body: commitmentInput(overrides) });
  expect(response.status, response.text).toBe(201);
  return response.json.id;
}

const ofType = (type: string) => (received: Received[]) =>
  received.filter((entry) => entry.payload?.type === type);
const forCommitment = (id: string) => (entry: Received) => entry.payload?.data?.commitment?.id === id;

// biome-ignore lint/suspicious/noExplicitAny: delivery pages are inspected field by field
type DeliveryPage = { items: any[]; nextCursor: string | null };

async function deliveries(webhookId: string, query = ""): Promise<DeliveryPage> {
  const response = await api("GET", `/webhooks/${webhookId}/deliveries${query}`);
  expect(response.status, response.text).toBe(200);
  return response.json;
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((wake) => setTimeout(wake, 50));
  }
}

describe("commitment events", () => {
  it("sends commitment.created, .updated (with the changed fields) and .deleted, each verifiable", async () => {
    const hooks = await receiver();
    const { secret } = await subscribe(`${hooks.url}/hooks`, {
      events: ["commitment.created", "commitment.updated", "commitment.deleted"],
    });
    hooks.secrets = [secret];
    const id = await create();
    await hooks.waitFor((received) => received.some(forCommitment(id)));
    const patched = await api("PATCH", `/commitments/${id}`, {
      body: { status: "planned" },
      headers: { "if-match": '"1"' },
    });
    expect(patched.status, patched.text).toBe(200);
    await hooks.waitFor((received) => ofType("commitment.updated")(received).length === 1);
    expect((await api("DELETE", `/commitments/${id}`)).status).toBe(204);
    await hooks.waitFor((received) => ofType("commitment.deleted")(received).length === 1);

    const [created, updated, deleted] = hooks.verified().map((entry) => entry.payload);
    expect({
      types: [created.type, updated.type, deleted.type],
      ids: [created.data.commitment.id, updated.data.commitment.id, deleted.data.commitment.id],
      versions: [
        created.data.commitment.version,
        updated.data.commitment.version,
        deleted.data.commitment.version,
      ],
      changes: updated.data.changes,
      unverified: hooks.received.filter((entry) => entry.verifiedWith < 0).length,
    }).toEqual({
      types: ["commitment.created", "commitment.updated", "commitment.deleted"],
      ids: [id, id, id],
      versions: [1, 2, 2],
      changes: { status: { from: "announced", to: "planned" } },
      unverified: 0,
    });
  });

  it("sends one commitment.created per record of a batch", async () => {
    const hooks = await receiver();
    const { secret } = await subscribe(hooks.url);
    hooks.secrets = [secret];
    const batch = await api("POST", "/commitments/batch", {
      body: { items: [commitmentInput(), commitmentInput(), commitmentInput()] },
    });
    const ids = batch.json.results.map((result: { id: string }) => result.id);
    // Only this batch's records: an earlier test's event may still be on its way through the stream.
    const mine = () => hooks.verified().filter((entry) => ids.includes(entry.payload.data.commitment?.id));
    await hooks.waitFor(() => mine().length >= 3);
    expect(
      mine()
        .map((entry) => entry.payload.data.commitment.id)
        .sort(),
    ).toEqual([...ids].sort());
  });

  it("sends the body as { type, timestamp, data } with the Standard Webhooks headers", async () => {
    const hooks = await receiver();
    const { secret } = await subscribe(hooks.url);
    hooks.secrets = [secret];
    const id = await create();
    await hooks.waitFor((received) => received.some(forCommitment(id)));
    const entry = hooks.verified().find((candidate) => candidate.payload.data.commitment?.id === id);
    expect({
      keys: Object.keys(JSON.parse(entry?.body ?? "{}")),
      timestamp: entry?.payload.timestamp,
      id: entry?.headers["webhook-id"],
      contentType: entry?.headers["content-type"],
    }).toEqual({
      keys: ["type", "timestamp", "data"],
      timestamp: entry?.payload.data.commitment.createdAt,
      id: expect.stringMatching(/^msg_[0-9a-f]{32}$/),
      contentType: "application/json",
    });
  });

  it("matches each subscription's filter: countries, minUsd, parties and categories", async () => {
    const hooks = await receiver();
    const korea = await subscribe(`${hooks.url}/korea`, { filter: { countries: ["KR"] } });
    const large = await subscribe(`${hooks.url}/large`, { filter: { minUsd: "100000000000" } });
    const softbankEnergy = await subscribe(`${hooks.url}/softbank-energy`, {
      filter: { parties: ["SoftBank Group"], categories: ["energy"] },
    });
    hooks.secrets = [korea.secret, large.secret, softbankEnergy.secret];
    const none = await create();
    const kr = await create({
      location: { country: "KR" },
      amount: { currency: "USD", value: "1000000000", qualifier: "exact" },
    });
    const big = await create({
      parties: [{ name: "SoftBank Group", role: "funder" }],
      categories: ["energy", "compute"],
      amount: { currency: "USD", value: "500000000000", qualifier: "at-least" },
    });
    const sentinel = await create({
      location: { country: "KR" },
      parties: [{ name: "SoftBank Group", role: "funder" }],
      categories: ["energy"],
      amount: { currency: "USD", value: "200000000000", qualifier: "exact" },
    });
    // Events arrive in stream order per endpoint: once the sentinel is everywhere, nothing earlier is missing.
    await hooks.waitFor((received) => received.filter(forCommitment(sentinel)).length === 3);
    const idsAt = (path: string) =>
      hooks
        .verified()
        .filter((entry) => entry.path === path)
        .map((entry) => entry.payload.data.commitment.id);
    expect({
      korea: idsAt("/korea"),
      large: idsAt("/large"),
      softbankEnergy: idsAt("/softbank-energy"),
      none: hooks.received.filter(forCommitment(none)).length,
    }).toEqual({ korea: [kr, sentinel], large: [big, sentinel], softbankEnergy: [big, sentinel], none: 0 });
  });

  it("sends an update to a filtered subscription when the revised record passes the filter", async () => {
    const hooks = await receiver();
    const { secret } = await subscribe(hooks.url, {
      events: ["commitment.created", "commitment.updated"],
      filter: { minUsd: "100000000000" },
    });
    hooks.secrets = [secret];
    const id = await create();
    const patched = await api("PATCH", `/commitments/${id}`, {
      body: { amount: { currency: "USD", value: "150000000000", qualifier: "exact" } },
      headers: { "if-match": '"1"' },
    });
    expect(patched.status, patched.text).toBe(200);
    await hooks.waitFor((received) => received.length === 1);
    const [entry] = hooks.verified();
    expect({ type: entry?.payload.type, changed: Object.keys(entry?.payload.data.changes ?? {}) }).toEqual({
      type: "commitment.updated",
      changed: ["amount", "amountUsd"],
    });
  });
});

describe("summary events", () => {
  it("sends summary.published when a summary is stored and again only when its content changes", async () => {
    const hooks = await receiver();
    const { secret } = await subscribe(hooks.url, { events: ["summary.published"] });
    hooks.secrets = [secret];
    const summary = (contentHash: string) => ({
      pk: "TEST#summary",
      sk: "weekly/2025-W05",
      type: "summary",
      key: "weekly/2025-W05",
      period: "weekly",
      final: true,
      contentHash,
      // An empty map, as a real summary's `byQualifier` often is: the local stream must carry it as one.
      content: { headline: { newCommitments: 3, newUsdHigh: "565000000000", byQualifier: {} } },
    });
    const put = (item: Record<string, unknown>) =>
      stack.deps.db.send(new PutCommand({ TableName: stack.deps.tableName, Item: item }));
    await put(summary("hash-1"));
    await put({ ...summary("hash-1"), final: true, renderedAt: "again" });
    await put(summary("hash-2"));
    // The stack's own summary jobs may publish real periods meanwhile: look at this key only.
    const mine = () => hooks.verified().filter((entry) => entry.payload.data.key === "weekly/2025-W05");
    await hooks.waitFor(() => mine().length === 2);
    await new Promise((wake) => setTimeout(wake, 500));
    expect(mine().map((entry) => entry.payload)).toEqual([
      expect.objectContaining({
        type: "summary.published",
        data: {
          key: "weekly/2025-W05",
          period: "weekly",
          final: true,
          contentHash: "hash-1",
          path: "/summaries/weekly/2025-W05",
          headline: { newCommitments: 3, newUsdHigh: "565000000000", byQualifier: {} },
        },
      }),
      expect.objectContaining({
        type: "summary.published",
        data: expect.objectContaining({ contentHash: "hash-2" }),
      }),
    ]);
  });
});

describe("retries and failures", () => {
  it("delivers on the fourth attempt to a receiver answering 500 three times, with the same webhook-id", async () => {
    const hooks = await receiver();
    let answered = 0;
    hooks.respond = () => ({ status: ++answered <= 3 ? 500 : 200 });
    const { id: webhookId, secret } = await subscribe(hooks.url);
    hooks.secrets = [secret];
    const id = await create();
    await hooks.waitFor((received) => received.length === 4);
    const log = await eventually(
      () => deliveries(webhookId),
      (page) => page.items[0]?.status === "delivered",
    );
    expect({
      ids: new Set(hooks.received.map((entry) => entry.headers["webhook-id"])).size,
      verified: hooks.verified().length,
      commitment: hooks.received.every(forCommitment(id)),
      statuses: log.items[0].attempts.map((attempt: { status: number }) => attempt.status),
      webhookId: log.items[0].id === hooks.received[0]?.headers["webhook-id"],
    }).toEqual({ ids: 1, verified: 4, commitment: true, statuses: [500, 500, 500, 200], webhookId: true });
  });

  it("disables the endpoint at once when it answers 410", async () => {
    const gone = await receiver();
    gone.respond = () => ({ status: 410 });
    const { id: webhookId } = await subscribe(gone.url);
    await create();
    const webhook = await eventually(
      async () => (await api("GET", `/webhooks/${webhookId}`)).json,
      (body) => body.enabled === false,
    );
    const log = await deliveries(webhookId);
    expect({
      reason: webhook.disabledReason,
      requests: gone.received.length,
      status: log.items[0].status,
    }).toEqual({ reason: expect.stringContaining("410"), requests: 1, status: "abandoned" });
  });

  it("counts a 302 as a failure and does not follow it", async () => {
    const hooks = await receiver();
    hooks.respond = (request) =>
      request.path === "/followed"
        ? { status: 200 }
        : { status: 302, headers: { location: `${hooks.url}/followed` } };
    const { id: webhookId } = await subscribe(`${hooks.url}/hook`);
    await create();
    const log = await eventually(
      () => deliveries(webhookId),
      (page) => (page.items[0]?.attempts.length ?? 0) >= 2,
    );
    expect({
      followed: hooks.received.filter((entry) => entry.path === "/followed").length,
      status: log.items[0].status,
      attempt: log.items[0].attempts[0],
    }).toEqual({
      followed: 0,
      status: "pending",
      attempt: expect.objectContaining({
        status: 302,
        error: expect.stringContaining("redirects are not followed"),
      }),
    });
  });

  it("gives a receiver that was down every event once it is back, none lost", async () => {
    const port = await freePort();
    const { id: webhookId, secret } = await subscribe(`http://127.0.0.1:${port}/hooks`);
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) ids.push(await create());
    await eventually(
      () => deliveries(webhookId, "?status=pending"),
      (page) => page.items.length === 5 && page.items.every((item) => item.attemptCount >= 1),
    );
    const hooks = await receiver(port);
    hooks.secrets = [secret];
    // Past every step of the schedule: each delivery is due at the retry job's next run.
    clock.advance(SCHEDULE.reduce((sum, step) => sum + step, 0) * 2);
    await hooks.waitFor(
      (received) => new Set(received.map((entry) => entry.payload?.data?.commitment?.id)).size === 5,
    );
    expect(new Set(hooks.verified().map((entry) => entry.payload.data.commitment.id))).toEqual(new Set(ids));
  });
});

describe("secrets", () => {
  it("returns the secret once: never in GET or the listing", async () => {
    const { id, secret } = await subscribe("http://127.0.0.1:9/never-sent");
    const got = await api("GET", `/webhooks/${id}`);
    const listed = await api("GET", "/webhooks?limit=100");
    expect({
      format: /^whsec_[A-Za-z0-9+/]{43}=$/.test(secret),
      inGet: got.text.includes(secret) || "secret" in got.json,
      inList: listed.text.includes(secret),
    }).toEqual({ format: true, inGet: false, inList: false });
  });

  it("signs with both secrets during a rotation, so either verifies", async () => {
    const hooks = await receiver();
    const { id: webhookId, secret: old } = await subscribe(hooks.url);
    const rotated = await api("POST", `/webhooks/${webhookId}/rotate-secret?overlapSeconds=3600`);
    expect(rotated.status, rotated.text).toBe(200);
    hooks.secrets = [rotated.json.secret];
    const id = await create();
    await hooks.waitFor((received) => received.some(forCommitment(id)));
    const [entry] = hooks.received as [Received];
    const verify = (secret: string) => {
      try {
        new Webhook(secret).verify(entry.body, entry.headers as Record<string, string>);
        return "verified";
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect({
      signatures: String(entry.headers["webhook-signature"]).split(" ").length,
      old: verify(old),
      new: verify(rotated.json.secret),
      overlapEnds: Date.parse(rotated.json.previousSecretExpiresAt) - Date.now() > 3_500_000,
    }).toEqual({ signatures: 2, old: "verified", new: "verified", overlapEnds: true });
  });

  it.each(["", "%20%20", "0x10", "1e3", "-1"])(
    "refuses overlapSeconds=%s with 422 and keeps the secret, rather than reading it as a number",
    async (overlap) => {
      const hooks = await receiver();
      const { id: webhookId, secret } = await subscribe(hooks.url);
      const refused = await api("POST", `/webhooks/${webhookId}/rotate-secret?overlapSeconds=${overlap}`);
      hooks.secrets = [secret];
      const id = await create();
      await hooks.waitFor((received) => received.some(forCommitment(id)));
      expect({
        status: refused.status,
        path: refused.json.errors?.[0]?.path,
        signatures: String(hooks.received.at(-1)?.headers["webhook-signature"]).split(" ").length,
        verified: hooks.received.at(-1)?.verifiedWith,
      }).toEqual({ status: 422, path: "query.overlapSeconds", signatures: 1, verified: 0 });
    },
  );

  it("stops signing with the old secret once the overlap is over", async () => {
    const hooks = await receiver();
    const { id: webhookId, secret: old } = await subscribe(hooks.url);
    const rotated = await api("POST", `/webhooks/${webhookId}/rotate-secret?overlapSeconds=0`);
    hooks.secrets = [old, rotated.json.secret];
    const id = await create();
    await hooks.waitFor((received) => received.some(forCommitment(id)));
    expect(hooks.received.map((entry) => entry.verifiedWith)).toEqual([1]);
  });
});

describe("the subscription API", () => {
  it("connects to the address it checked: one lookup per attempt, the URL's host in the Host header", async () => {
    const hooks = await receiver();
    names.set("hooks.example.test", [{ address: "127.0.0.1", family: 4 }]);
    const { id, secret } = await subscribe(`http://hooks.example.test:${hooks.port}/ping`);
    hooks.secrets = [secret];
    const before = resolutions;
    const ping = await api("POST", `/webhooks/${id}/ping`);
    expect({
      status: ping.status,
      delivery: ping.json.status,
      lookups: resolutions - before,
      host: hooks.received[0]?.headers.host,
      type: hooks.verified()[0]?.payload.type,
    }).toEqual({
      status: 200,
      delivery: "delivered",
      lookups: 1,
      host: `hooks.example.test:${hooks.port}`,
      type: "webhook.ping",
    });
  });

  it("lists deliveries by status, page by page, and redelivers one with the same webhook-id", async () => {
    const hooks = await receiver();
    hooks.respond = () => ({ status: 204 });
    const { id, secret } = await subscribe(hooks.url);
    hooks.secrets = [secret];
    for (let index = 0; index < 3; index++) await api("POST", `/webhooks/${id}/ping`);
    const first = await deliveries(id, "?status=delivered&limit=2");
    const second = await deliveries(
      id,
      `?status=delivered&limit=2&cursor=${encodeURIComponent(first.nextCursor ?? "")}`,
    );
    const pending = await deliveries(id, "?status=pending");
    const target = first.items[0];
    const again = await api("POST", `/webhooks/${id}/deliveries/${target.id}/redeliver`);
    expect({
      pages: [first.items.length, second.items.length],
      distinct: new Set([...first.items, ...second.items].map((item) => item.id)).size,
      pending: pending.items.length,
      redelivered: again.json.status,
      attempts: again.json.attempts.length,
      sameId: hooks.received.at(-1)?.headers["webhook-id"] === target.id,
    }).toEqual({
      pages: [2, 1],
      distinct: 3,
      pending: 0,
      redelivered: "delivered",
      attempts: 2,
      sameId: true,
    });
  });

  it("answers 404 for an unknown webhook and 422 for an unknown event type", async () => {
    const missing = await api("GET", "/webhooks/wh_01JHQ4V6Z9X8Y7W6V5T4S3R2Q1");
    const invalid = await api("POST", "/webhooks", {
      body: { url: "http://127.0.0.1:9/", events: ["commitment.exploded"] },
    });
    expect(missing.status, "unknown webhook").toBe(404);
    expect(invalid.status, "unknown event type").toBe(422);
    expect(invalid.json.errors[0].path, "the error's path").toBe("events.0");
  });

  it("re-enables a disabled endpoint with PATCH and clears why it was disabled", async () => {
    const { id } = await subscribe("http://127.0.0.1:9/");
    const disabled = await api("PATCH", `/webhooks/${id}`, { body: { enabled: false } });
    const enabled = await api("PATCH", `/webhooks/${id}`, { body: { enabled: true, description: "back" } });
    expect(disabled.json.enabled, "enabled after disabling").toBe(false);
    expect(disabled.json.disabledReason, "why, after disabling").toBe("disabled through the API");
    expect(enabled.json.enabled, "enabled after enabling").toBe(true);
    expect(enabled.json.disabledReason, "why, after enabling").toBeUndefined();
    expect(enabled.json.description, "description after enabling").toBe("back");
  });

  it("deletes a subscription", async () => {
    const { id } = await subscribe("http://127.0.0.1:9/");
    const deleted = await api("DELETE", `/webhooks/${id}`);
    const after = await api("GET", `/webhooks/${id}`);
    expect(deleted.status, "DELETE").toBe(204);
    expect(after.status, "GET after DELETE").toBe(404);
  });
});
