/**
 * What the local stream poller does after the stream handler has had a batch, as Lambda's event source mapping
 * does (infra/webhook-stream.ts): move on; retry from the first failed record after a growing delay, halving the
 * batch after a throw so that retries narrow down to the record at fault (bisect); or, once a record's retries are
 * spent, dead-letter it and move past it. Pure: the poller reads the stream and applies the decision.
 */

export interface RetryPolicy {
  /** Records per batch, as the mapping's BatchSize. */
  batchSize: number;
  /** Retries of a failing record before it is dead-lettered, as the mapping's MaximumRetryAttempts. */
  maxRetries: number;
  /** The first retry's delay, doubled on each further retry of the same record. */
  retryDelayMs: number;
  /** The longest delay between two retries. */
  maxRetryDelayMs: number;
}

/** How the handler answered a batch: its `batchItemFailures`, or a throw (which fails the whole batch). */
export type BatchResult =
  | { kind: "answered"; failed: readonly string[] }
  | { kind: "threw"; message: string };

/** The record a shard keeps failing on, and how many times in a row it has. */
export interface Failing {
  sequenceNumber: string;
  count: number;
}

/** The part of a shard's state the policy reads: the current batch size and the record failing so far. */
export interface ShardAttempt {
  limit: number;
  failing: Failing | undefined;
}

/**
 * `handledThrough` is the last record handled (to checkpoint), when the batch handled any before the failure.
 * `advance`: everything was handled, read on. `retry`: read again from `from` with `limit` records after
 * `delayMs`. `deadLetter`: give the record at `index` up and read on after it.
 */
export type BatchDecision =
  | { kind: "advance"; handledThrough: string | undefined }
  | {
      kind: "retry";
      handledThrough: string | undefined;
      from: string;
      failing: Failing;
      limit: number;
      delayMs: number;
    }
  | { kind: "deadLetter"; index: number; sequenceNumber: string; reason: string };

/** The decision after a batch of records (by sequence number, in stream order) got `result`. */
export function afterBatch(
  sequenceNumbers: readonly string[],
  result: BatchResult,
  shard: ShardAttempt,
  policy: RetryPolicy,
): BatchDecision {
  const threw = result.kind === "threw";
  const failed = new Set(threw ? [] : result.failed);
  // A handler that throws fails the whole batch, as in Lambda: the first record is the one retried.
  const failedAt = threw ? 0 : sequenceNumbers.findIndex((sequence) => failed.has(sequence));
  const failedSequence = sequenceNumbers[failedAt];
  if (failedAt === -1 || failedSequence === undefined)
    return { kind: "advance", handledThrough: sequenceNumbers.at(-1) };
  const count = shard.failing?.sequenceNumber === failedSequence ? shard.failing.count + 1 : 1;
  // A reported record is known to be at fault; after a throw, only once bisecting has narrowed it to one record.
  if (count > policy.maxRetries && (!threw || sequenceNumbers.length === 1)) {
    const why = threw
      ? `the handler threw: ${result.message}`
      : "the handler reported it in batchItemFailures";
    return {
      kind: "deadLetter",
      index: failedAt,
      sequenceNumber: failedSequence,
      reason: `${why}; gave up after ${policy.maxRetries} retries`,
    };
  }
  return {
    kind: "retry",
    handledThrough: failedAt > 0 ? sequenceNumbers[failedAt - 1] : undefined,
    from: failedSequence,
    failing: { sequenceNumber: failedSequence, count },
    limit: threw ? Math.max(1, Math.floor(sequenceNumbers.length / 2)) : shard.limit,
    delayMs: Math.min(policy.retryDelayMs * 2 ** (count - 1), policy.maxRetryDelayMs),
  };
}
