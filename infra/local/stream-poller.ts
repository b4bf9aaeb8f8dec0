/**
 * The local stand-in for Lambda's DynamoDB stream event source mapping: reads the table's stream from DynamoDB
 * Local (which serves the Streams API) and hands each batch, as the `DynamoDBStreamEvent` Lambda would build, to
 * the deployed stream handler. Same semantics as the deployed mapping (infra/webhook-stream.ts): shards in order
 * (a child only after its parent is read to its end), and after each batch what stream-policy.ts decides:
 * read on, retry from the first failed record (bisecting after a throw), or dead-letter the record — written down,
 * never dropped — and move past it. Progress is checkpointed per shard, so a restart resumes.
 */
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  type AttributeValue,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { awsClientConfig, type Deps } from "../../shared/deps.ts";
import type { CheckpointStore, DeadLetter, StreamCheckpoints } from "./stream-checkpoints.ts";
import { afterBatch, type BatchResult, type Failing, type RetryPolicy } from "./stream-policy.ts";

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;

/** The poller's time: read for checkpoints' and dead letters' times, waited on between polls and retries. */
export interface PollerClock {
  now(): Date;
  /** Resolves after `ms`, or as soon as `signal` aborts (the poller stopping). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: PollerClock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done);
    }),
};

export interface StreamPollerOptions {
  deps: Deps;
  /** The DynamoDB (Local) endpoint: the Streams API is served there too, to a client configured like deps.db. */
  endpoint: string;
  handler: StreamHandler;
  /** Records per batch, as the mapping's BatchSize (default 100). */
  batchSize?: number;
  /** Wait between polls when no shard had records (default 250 ms). */
  pollIntervalMs?: number;
  /** Retries of a failing record before it is dead-lettered, as the mapping's MaximumRetryAttempts (default 5). */
  maxRetries?: number;
  /** First retry delay, doubled on each retry up to 10 s (default 200 ms). */
  retryDelayMs?: number;
  checkpoints?: CheckpointStore;
  deadLetter: (letter: DeadLetter) => Promise<void>;
  /** Errors of the poller itself (not of the handler): default console.error. */
  onError?: (error: unknown) => void;
  /** Default: the system clock. */
  clock?: PollerClock;
}

export interface StreamPoller {
  streamArn: string;
  stop(): Promise<void>;
}

interface ShardState {
  id: string;
  parentId?: string | undefined;
  iterator?: string | undefined;
  /** Where to start when there is no iterator: after the checkpoint, or at a record to retry. */
  resumeAt?:
    | { type: "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER"; sequenceNumber: string }
    | { type: "LATEST" }
    | undefined;
  sequenceNumber?: string | undefined;
  done: boolean;
  limit: number;
  failing: Failing | undefined;
}

const SHARD_REFRESH_MS = 1_000;
const MAX_RETRY_DELAY_MS = 10_000;

/** A stream record as Lambda delivers it (epoch seconds, the mapping's eventSourceARN). */
/**
 * The Streams client's generic JSON deserializer reads an empty map attribute (`{"M":{}}`) as `{}`, a value of no
 * type, which `unmarshall` refuses ("No value defined"); the DynamoDB client has a codec of its own and Lambda hands
 * a handler the service's JSON, so neither sees it. An attribute value with no member can only have been an empty
 * map (every other type has a non-empty value), so it is given back its `M`.
 */
function emptyMapsRestored(image: Record<string, AttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, restored(value)]));
}

function restored(value: AttributeValue): AttributeValue {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M) return { M: emptyMapsRestored(value.M) };
  if (value.L) return { L: value.L.map(restored) };
  return value;
}

export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...rest } = record.dynamodb ?? {};
  const dynamodb = {
    ...rest,
    ...(rest.NewImage ? { NewImage: emptyMapsRestored(rest.NewImage) } : {}),
    ...(rest.OldImage ? { OldImage: emptyMapsRestored(rest.OldImage) } : {}),
  };
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? "1.1",
    eventSource: record.eventSource ?? "aws:dynamodb",
    awsRegion: record.awsRegion ?? "us-east-1",
    eventSourceARN: streamArn,
    dynamodb: {
      ...(dynamodb as NonNullable<DynamoDBRecord["dynamodb"]>),
      ...(ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: Math.floor(new Date(ApproximateCreationDateTime).getTime() / 1000) }
        : {}),
    },
  } as DynamoDBRecord;
}

/** Starts polling the table's stream; resolves once the stream is found. */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const { deps } = options;
  const clock = options.clock ?? systemClock;
  const policy: RetryPolicy = {
    batchSize: options.batchSize ?? 100,
    maxRetries: options.maxRetries ?? 5,
    retryDelayMs: options.retryDelayMs ?? 200,
    maxRetryDelayMs: MAX_RETRY_DELAY_MS,
  };
  const onError = options.onError ?? ((error: unknown) => console.error("stream poller:", error));
  const { Table } = await deps.db.send(new DescribeTableCommand({ TableName: deps.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${deps.tableName} has no stream`);
  const client = new DynamoDBStreamsClient(awsClientConfig({ endpoint: options.endpoint }));
  const saved = await options.checkpoints?.load();
  // Like a new event source mapping (startingPosition LATEST): a first start reads what is written from now on;
  // shards that appear later are read from their start, and a restart resumes after the checkpoints.
  let firstStart = saved?.streamArn !== streamArn;
  const checkpoints: StreamCheckpoints = saved?.streamArn === streamArn ? saved : { streamArn, shards: {} };
  const shards = new Map<string, ShardState>();
  const stopping = new AbortController();
  const sleep = (ms: number) => clock.sleep(ms, stopping.signal);

  async function refreshShards(): Promise<void> {
    let start: string | undefined;
    do {
      const { StreamDescription } = await client.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      for (const shard of StreamDescription?.Shards ?? []) addShard(shard);
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    firstStart = false;
  }

  function addShard(shard: Shard): void {
    if (!shard.ShardId || shards.has(shard.ShardId)) return;
    const kept = checkpoints.shards[shard.ShardId];
    const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
    shards.set(shard.ShardId, {
      id: shard.ShardId,
      parentId: shard.ParentShardId,
      sequenceNumber: kept?.sequenceNumber,
      resumeAt: kept?.sequenceNumber
        ? { type: "AFTER_SEQUENCE_NUMBER", sequenceNumber: kept.sequenceNumber }
        : firstStart
          ? { type: "LATEST" }
          : undefined,
      done: kept?.done === true || (firstStart && closed),
      limit: policy.batchSize,
      failing: undefined,
    });
  }

  /** A child shard waits until its parent, when the poller knows it, is read to its end. */
  function ready(shard: ShardState): boolean {
    if (shard.done) return false;
    const parent = shard.parentId ? shards.get(shard.parentId) : undefined;
    return !parent || parent.done;
  }

  async function save(shard: ShardState): Promise<void> {
    checkpoints.shards[shard.id] = {
      ...(shard.sequenceNumber ? { sequenceNumber: shard.sequenceNumber } : {}),
      ...(shard.done ? { done: true } : {}),
    };
    await options.checkpoints?.save(checkpoints);
  }

  async function iteratorFor(shard: ShardState): Promise<string | undefined> {
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.id,
        ShardIteratorType: shard.resumeAt?.type ?? "TRIM_HORIZON",
        ...(shard.resumeAt && "sequenceNumber" in shard.resumeAt
          ? { SequenceNumber: shard.resumeAt.sequenceNumber }
          : {}),
      }),
    );
    return ShardIterator;
  }

  /** One GetRecords and, when it brought records, one handler call. Answers whether there was anything to do. */
  async function pollShard(shard: ShardState): Promise<boolean> {
    shard.iterator ??= await iteratorFor(shard);
    if (!shard.iterator) {
      shard.done = true;
      await save(shard);
      return false;
    }
    let page: GetRecordsCommandOutput;
    try {
      page = await client.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: shard.limit }));
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === "ExpiredIteratorException") {
        shard.iterator = undefined;
        return true;
      }
      if (name === "TrimmedDataAccessException") {
        shard.iterator = undefined;
        shard.resumeAt = undefined;
        return true;
      }
      throw error;
    }
    const records = page.Records ?? [];
    if (records.length === 0) {
      shard.iterator = page.NextShardIterator;
      if (!page.NextShardIterator) {
        shard.done = true;
        await save(shard);
      }
      return false;
    }
    await handleBatch(shard, records, page.NextShardIterator);
    return true;
  }

  async function handleBatch(
    shard: ShardState,
    records: StreamRecord[],
    next: string | undefined,
  ): Promise<void> {
    const batch = records.map((record) => toLambdaRecord(record, streamArn as string));
    const sequenceNumbers = batch.map((record) => record.dynamodb?.SequenceNumber as string);
    let result: BatchResult;
    try {
      const response = await options.handler({ Records: batch });
      result = {
        kind: "answered",
        failed: (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier),
      };
    } catch (error) {
      result = { kind: "threw", message: (error as Error).message };
    }
    const decision = afterBatch(sequenceNumbers, result, shard, policy);
    if (decision.kind === "advance") {
      shard.sequenceNumber = decision.handledThrough ?? shard.sequenceNumber;
      shard.iterator = next;
      shard.limit = policy.batchSize;
      shard.failing = undefined;
      if (!next) shard.done = true;
    } else if (decision.kind === "retry") {
      shard.sequenceNumber = decision.handledThrough ?? shard.sequenceNumber;
      shard.iterator = undefined;
      shard.resumeAt = { type: "AT_SEQUENCE_NUMBER", sequenceNumber: decision.from };
      shard.limit = decision.limit;
      shard.failing = decision.failing;
      await sleep(decision.delayMs);
    } else {
      await options.deadLetter({
        at: clock.now().toISOString(),
        streamArn: streamArn as string,
        shardId: shard.id,
        sequenceNumber: decision.sequenceNumber,
        reason: decision.reason,
        record: batch[decision.index] as DynamoDBRecord,
      });
      shard.sequenceNumber = decision.sequenceNumber;
      shard.iterator = undefined;
      shard.resumeAt = { type: "AFTER_SEQUENCE_NUMBER", sequenceNumber: decision.sequenceNumber };
      shard.limit = policy.batchSize;
      shard.failing = undefined;
    }
    await save(shard);
  }

  // Position every shard before answering, so that what is written once the poller has started is read.
  await refreshShards();
  for (const shard of shards.values()) if (ready(shard)) shard.iterator = await iteratorFor(shard);

  async function loop(): Promise<void> {
    let refreshedAt = clock.now().getTime();
    while (!stopping.signal.aborted) {
      let busy = false;
      try {
        if (clock.now().getTime() - refreshedAt >= SHARD_REFRESH_MS) {
          await refreshShards();
          refreshedAt = clock.now().getTime();
        }
        for (const shard of shards.values()) {
          if (stopping.signal.aborted) break;
          if (ready(shard)) busy = (await pollShard(shard)) || busy;
        }
      } catch (error) {
        if (!stopping.signal.aborted) onError(error);
      }
      if (!busy && !stopping.signal.aborted) await sleep(options.pollIntervalMs ?? 250);
    }
  }

  const running = loop();
  return {
    streamArn,
    async stop() {
      stopping.abort();
      await running;
      client.destroy();
    },
  };
}
