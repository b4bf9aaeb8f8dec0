/**
 * The stream handler against DynamoDB Local: Lambda-shaped batches built from real items, a real receiver on
 * 127.0.0.1, and the local poller reading the table's actual stream.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";

import { handler } from "../../functions/stream/webhook-events.ts";
import { type DeadLetter, memoryCheckpoints } from "../../infra/local/stream-checkpoints.ts";
import { startStreamPoller } from "../../infra/local/stream-poller.ts";
import { toCommitmentItem } from "../../shared/commitments/items.ts";
import { commitmentInput as inputSchema, MAX_COMMITMENT_BYTES } from "../../shared/commitments/schema.ts";
import { createCommitment, patchCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import { logger } from "../../shared/lambda/logger.ts";
import { listDeliveries } from "../../shared/webhooks/deliveries.ts";
import type { EventType } from "../../shared/webhooks/schema.ts";
import { createWebhook } from "../../shared/webhooks/subscribe.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput, largeCommitmentInput } from "../support/fixtures.ts";
import { type Receiver, startReceiver } from "../support/receiver.ts";

// The receivers wait up to 30 s on a stream poller that lags while the other test worker keeps the cores busy.
vi.setConfig({ testTimeout: 90_000 });

let deps: Deps;
let hooks: Receiver;
let sequence = 0;

beforeAll(async () => {
  deps = await testDeps({
    stream: true,
    webhooks: { allowPrivate: true, allowHttp: true, retrySchedule: [100, 100], timeoutMs: 2_000 },
  });
});
afterEach(async () => {
  await hooks?.close();
});
afterAll(() => {
  deps?.db.destroy();
});

async function subscribed(events: EventType[] = ["commitment.created", "commitment.updated"]) {
  hooks = await startReceiver();
  const webhook = await createWebhook(deps, { url: hooks.url, events, enabled: true });
  hooks.secrets = [webhook.secret as string];
  return webhook;
}

async function commitment() {
  const { commitment: record } = await createCommitment(deps, inputSchema.parse(commitmentInput()));
  return record;
}

function streamRecord(
  eventName: "INSERT" | "MODIFY" | "REMOVE",
  images: { old?: Record<string, unknown>; new?: Record<string, unknown> },
): DynamoDBRecord {
  sequence += 1;
  const options = { removeUndefinedValues: true, convertClassInstanceToMap: true };
  return {
    eventID: `event-${sequence}`,
    eventName,
    eventSource: "aws:dynamodb",
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      SequenceNumber: String(sequence).padStart(21, "0"),
      ...(images.old ? { OldImage: marshall(images.old, options) as never } : {}),
      ...(images.new ? { NewImage: marshall(images.new, options) as never } : {}),
      StreamViewType: "NEW_AND_OLD_IMAGES",
    },
  };
}

const poison = () => ({
  pk: "CMT#poison",
  sk: "RECORD",
  type: "commitment",
  version: 1,
  record: { id: "not a record" },
});

describe("the stream handler", () => {
  it("fails only the record it cannot read and delivers the others", async () => {
    await subscribed();
    const [first, second] = [await commitment(), await commitment()];
    const records = [
      streamRecord("INSERT", { new: toCommitmentItem(first, { childCount: 0 }) }),
      streamRecord("INSERT", { new: poison() }),
      streamRecord("INSERT", { new: toCommitmentItem(second, { childCount: 0 }) }),
    ];

    const logged = vi.spyOn(logger, "error");

    const response = await handler.withDeps(deps)({ Records: records });

    await hooks.waitFor((received) => received.length === 2);
    expect({
      failures: response.batchItemFailures,
      delivered: hooks.verified().map((entry) => entry.payload.data.commitment.id),
    }).toEqual({
      failures: [{ itemIdentifier: records[1]?.dynamodb?.SequenceNumber }],
      delivered: [first.id, second.id],
    });
    // Why it failed is in the log, under the record's sequence number (the dead letter names only that).
    expect(
      logged.mock.calls.map(([message, extra]) => [
        message,
        (extra as Record<string, unknown>).sequenceNumber,
      ]),
    ).toEqual([["recording a stream record's deliveries failed", records[1]?.dynamodb?.SequenceNumber]]);
    logged.mockRestore();
  });

  it("sends once when the same record is processed twice", async () => {
    const webhook = await subscribed();
    const record = await commitment();
    const event = { Records: [streamRecord("INSERT", { new: toCommitmentItem(record, { childCount: 0 }) })] };

    await handler.withDeps(deps)(event);
    await handler.withDeps(deps)(event);

    const log = await listDeliveries(deps, webhook.id, { limit: 10 });
    expect({
      requests: hooks.received.length,
      deliveries: log.items.length,
      status: log.items[0]?.status,
    }).toEqual({
      requests: 1,
      deliveries: 1,
      status: "delivered",
    });
  });

  it("delivers the largest commitment the schema takes, created and then changed whole, signed and entire", async () => {
    await subscribed();
    const input = inputSchema.parse(
      largeCommitmentInput({ bytes: MAX_COMMITMENT_BYTES, parties: 20, tag: "hoo1" }),
    );
    const { commitment: created } = await createCommitment(deps, input, { allowDuplicate: true });
    const { title, description, sources } = largeCommitmentInput({
      bytes: MAX_COMMITMENT_BYTES,
      parties: 20,
      tag: "oth2",
    });
    const changed = await patchCommitment(
      deps,
      created.id,
      { title, description, sources },
      { expectedVersion: 1, allowDuplicate: true },
    );
    const records = [
      streamRecord("INSERT", { new: toCommitmentItem(created, { childCount: 0 }) }),
      streamRecord("MODIFY", {
        old: toCommitmentItem(created, { childCount: 0 }),
        new: toCommitmentItem(changed, { childCount: 0 }),
      }),
    ];

    const response = await handler.withDeps(deps)({ Records: records });

    await hooks.waitFor((received) => received.length === 2);
    const delivered = hooks.verified().map((entry) => entry.payload);
    expect({
      failures: response.batchItemFailures,
      types: delivered.map((payload) => payload.type),
      records: delivered.map((payload) => payload.data.commitment),
    }).toEqual({
      failures: [],
      types: ["commitment.created", "commitment.updated"],
      records: [created, changed],
    });
    // Both close to the largest a record may be (in UTF-8 bytes), so the test covers what it says.
    for (const payload of delivered)
      expect(new TextEncoder().encode(JSON.stringify(payload.data.commitment)).length).toBeGreaterThan(
        MAX_COMMITMENT_BYTES * 0.85,
      );
  });

  it("sends nothing for a write that leaves the version alone (a child's count)", async () => {
    const webhook = await subscribed();
    const record = await commitment();
    const event = {
      Records: [
        streamRecord("MODIFY", {
          old: toCommitmentItem(record, { childCount: 0 }),
          new: toCommitmentItem(record, { childCount: 1 }),
        }),
      ],
    };

    const response = await handler.withDeps(deps)(event);

    const log = await listDeliveries(deps, webhook.id, { limit: 10 });
    expect({ failures: response.batchItemFailures, deliveries: log.items.length }).toEqual({
      failures: [],
      deliveries: 0,
    });
  });

  it("ignores items that are neither commitments nor summaries", async () => {
    const webhook = await subscribed();
    const event = {
      Records: [
        streamRecord("INSERT", { new: { pk: "LIST#all#*", sk: "cmt_x", type: "entry" } }),
        streamRecord("INSERT", { new: { pk: "CMT#x", sk: "REV#000000001", type: "revision" } }),
      ],
    };

    const response = await handler.withDeps(deps)(event);

    const log = await listDeliveries(deps, webhook.id, { limit: 10 });
    expect({ failures: response.batchItemFailures, deliveries: log.items.length }).toEqual({
      failures: [],
      deliveries: 0,
    });
  });
});

describe("a receiver that hangs", () => {
  it("does not hold the stream batch, nor the other endpoints' events behind it", async () => {
    // A 10 s timeout, as a real one is 15 s: the batch must let go long before it.
    const slow = await testDeps({
      stream: true,
      webhooks: { allowPrivate: true, allowHttp: true, retrySchedule: [100], timeoutMs: 10_000 },
    });
    const healthy = await startReceiver();
    const hanging = await startReceiver();
    hanging.respond = () => ({ status: 200, hang: true });
    const subscription = await createWebhook(slow, {
      url: healthy.url,
      events: ["commitment.created"],
      enabled: true,
    });
    healthy.secrets = [subscription.secret as string];
    await createWebhook(slow, { url: hanging.url, events: ["commitment.created"], enabled: true });
    try {
      const { commitment: record } = await createCommitment(slow, inputSchema.parse(commitmentInput()));
      const started = Date.now();
      await handler.withDeps(slow)({
        Records: [streamRecord("INSERT", { new: toCommitmentItem(record, { childCount: 0 }) })],
      });
      const returnedAfter = Date.now() - started;
      await healthy.waitFor((received) =>
        received.some((entry) => entry.payload?.data?.commitment?.id === record.id),
      );
      expect([returnedAfter < 5_000, healthy.verified().length]).toEqual([true, 1]);
    } finally {
      await Promise.all([healthy.close(), hanging.close()]);
      slow.db.destroy();
    }
  }, 30_000);
});

describe("the local stream poller", () => {
  it("dead-letters a poison record after its retries and goes on delivering the records behind it", async () => {
    await subscribed(["commitment.created"]);
    const deadLetters: DeadLetter[] = [];
    const { promise: deadLettered, resolve } = Promise.withResolvers<void>();
    const poller = await startStreamPoller({
      deps,
      endpoint: inject("dynamodbEndpoint"),
      handler: handler.withDeps(deps),
      checkpoints: memoryCheckpoints(),
      maxRetries: 2,
      retryDelayMs: 20,
      pollIntervalMs: 50,
      deadLetter: async (letter) => {
        deadLetters.push(letter);
        resolve();
      },
    });
    try {
      const before = await commitment();
      await deps.db.send(new PutCommand({ TableName: deps.tableName, Item: poison() }));
      const after = await commitment();

      await hooks.waitFor((received) =>
        received.some((entry) => entry.payload?.data?.commitment?.id === after.id),
      );
      // Records behind a failed one are handled in the same call (as in Lambda); the retries come after.
      await deadLettered;

      expect({
        delivered: hooks.verified().map((entry) => entry.payload.data.commitment.id),
        deadLetters: deadLetters.map((letter) => letter.record.dynamodb?.Keys?.pk?.S),
      }).toEqual({ delivered: [before.id, after.id], deadLetters: ["CMT#poison"] });
    } finally {
      await poller.stop();
    }
    // Two waits of up to 10 s each, on a machine that may be running every other test file at once.
  }, 45_000);
});
