import { describe, expect, it } from "vitest";
import {
  afterBatch,
  type BatchDecision,
  type BatchResult,
  type Failing,
  type RetryPolicy,
} from "../../infra/local/stream-policy.ts";

const policy: RetryPolicy = { batchSize: 8, maxRetries: 2, retryDelayMs: 200, maxRetryDelayMs: 1_000 };
const batch = ["s1", "s2", "s3", "s4"];
const answered = (...failed: string[]): BatchResult => ({ kind: "answered", failed });
const threw: BatchResult = { kind: "threw", message: "boom" };
const fresh = { limit: 8, failing: undefined };

describe("afterBatch", () => {
  it("reads on past a batch the handler answered without failures", () => {
    expect(afterBatch(batch, answered(), fresh, policy)).toEqual({ kind: "advance", handledThrough: "s4" });
  });

  it("ignores failures that name no record of the batch", () => {
    expect(afterBatch(batch, answered("s9"), fresh, policy).kind).toBe("advance");
  });

  it("retries from the first reported record, the ones before it handled, after the first delay", () => {
    expect(afterBatch(batch, answered("s3", "s4"), fresh, policy)).toEqual({
      kind: "retry",
      handledThrough: "s2",
      from: "s3",
      failing: { sequenceNumber: "s3", count: 1 },
      limit: 8,
      delayMs: 200,
    });
  });

  it("checkpoints nothing new when the first record failed", () => {
    const decision = afterBatch(batch, answered("s1"), fresh, policy);
    expect(decision.kind === "retry" && decision.handledThrough).toBeUndefined();
  });

  it("doubles the delay on each retry of the same record", () => {
    const failing: Failing = { sequenceNumber: "s3", count: 1 };
    const decision = afterBatch(["s3", "s4"], answered("s3"), { limit: 8, failing }, policy);
    expect(decision).toMatchObject({ kind: "retry", failing: { count: 2 }, delayMs: 400 });
  });

  it("never waits longer than the longest delay", () => {
    const decision = afterBatch(
      ["s3"],
      answered("s3"),
      { limit: 8, failing: { sequenceNumber: "s3", count: 1 } },
      { ...policy, maxRetries: 10, retryDelayMs: 800 },
    );
    expect(decision).toMatchObject({ kind: "retry", delayMs: 1_000 });
  });

  it("counts afresh when a different record fails", () => {
    const failing: Failing = { sequenceNumber: "s1", count: 2 };
    const decision = afterBatch(batch, answered("s2"), { limit: 8, failing }, policy);
    expect(decision).toMatchObject({
      kind: "retry",
      failing: { sequenceNumber: "s2", count: 1 },
      delayMs: 200,
    });
  });

  it("dead-letters a reported record once its retries are spent", () => {
    const failing: Failing = { sequenceNumber: "s2", count: 2 };
    expect(afterBatch(["s2", "s3"], answered("s2"), { limit: 8, failing }, policy)).toEqual({
      kind: "deadLetter",
      index: 0,
      sequenceNumber: "s2",
      reason: "the handler reported it in batchItemFailures; gave up after 2 retries",
    });
  });

  it("keeps the batch size after a reported failure, since the record at fault is known", () => {
    const decision = afterBatch(batch, answered("s2"), { limit: 3, failing: undefined }, policy);
    expect(decision).toMatchObject({ kind: "retry", limit: 3 });
  });

  it("halves the batch after a throw, to bisect to the record at fault", () => {
    expect(afterBatch(batch, threw, fresh, policy)).toMatchObject({
      kind: "retry",
      from: "s1",
      limit: 2,
      handledThrough: undefined,
    });
  });

  it("does not dead-letter after a throw until bisecting has narrowed the batch to one record", () => {
    const failing: Failing = { sequenceNumber: "s1", count: 5 };
    expect(afterBatch(["s1", "s2"], threw, { limit: 2, failing }, policy)).toMatchObject({
      kind: "retry",
      limit: 1,
    });
  });

  it("dead-letters a record that throws on its own once its retries are spent", () => {
    const failing: Failing = { sequenceNumber: "s1", count: 2 };
    expect(afterBatch(["s1"], threw, { limit: 1, failing }, policy)).toEqual({
      kind: "deadLetter",
      index: 0,
      sequenceNumber: "s1",
      reason: "the handler threw: boom; gave up after 2 retries",
    });
  });
});

describe("the policy over a whole shard", () => {
  /**
   * Plays a shard through the policy as the poller does: a handler that throws whenever a batch holds the poison
   * record, and records the batches it was given and what was dead-lettered.
   */
  function play(records: string[], poison: string) {
    const batches: string[][] = [];
    const deadLetters: string[] = [];
    const waits: number[] = [];
    let position = 0;
    let shard: { limit: number; failing: Failing | undefined } = {
      limit: policy.batchSize,
      failing: undefined,
    };
    for (let step = 0; position < records.length && step < 100; step++) {
      const read = records.slice(position, position + shard.limit);
      batches.push(read);
      const decision: BatchDecision = afterBatch(
        read,
        read.includes(poison) ? threw : answered(),
        shard,
        policy,
      );
      if (decision.kind === "advance") {
        position += read.length;
        shard = { limit: policy.batchSize, failing: undefined };
      } else if (decision.kind === "retry") {
        position = records.indexOf(decision.from);
        shard = { limit: decision.limit, failing: decision.failing };
        waits.push(decision.delayMs);
      } else {
        deadLetters.push(decision.sequenceNumber);
        position = records.indexOf(decision.sequenceNumber) + 1;
        shard = { limit: policy.batchSize, failing: undefined };
      }
    }
    return { batches, deadLetters, waits, handledAll: position >= records.length };
  }

  it("bisects to a poison record, dead-letters it after its retries and reads every other record", () => {
    const records = Array.from({ length: 8 }, (_, index) => `s${index + 1}`);

    const { batches, deadLetters, waits, handledAll } = play(records, "s6");

    expect({ batches, deadLetters, waits, handledAll }).toEqual({
      batches: [
        ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"],
        ["s1", "s2", "s3", "s4"],
        ["s5", "s6", "s7", "s8"],
        ["s5", "s6"],
        ["s5"],
        ["s6", "s7", "s8"],
        ["s6"],
        ["s6"],
        ["s7", "s8"],
      ],
      deadLetters: ["s6"],
      waits: [200, 200, 400, 200, 400],
      handledAll: true,
    });
  });

  it("dead-letters nothing when no batch fails", () => {
    expect(play(["s1", "s2", "s3"], "none")).toMatchObject({ deadLetters: [], handledAll: true, waits: [] });
  });
});
