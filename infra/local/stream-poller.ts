/**
 * The local stand-in for Lambda's DynamoDB stream event source mapping: reads the table's stream from DynamoDB
 * Local (which serves the Streams API) and hands each batch, as the `DynamoDBStreamEvent` Lambda would build, to
 * the deployed stream handler. Same semantics as the deployed mapping (infra/webhook-stream.ts): shards in order
 * (a child only after its parent is read to its end), `batchItemFailures` honoured by re-reading from the first
 * failed record, a failing batch bisected, bounded retries, and then the record is dead-lettered — written to a
 * file, never dropped — and the shard moves on. Progress is checkpointed per shard, so a restart resumes.
 */
import { appendFile, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import type { Deps } from "../../shared/deps.ts";

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;

/** Where the poller is in each shard: the last sequence number handled, and whether the shard is read to its end. */
export interface StreamCheckpoints {
  streamArn: string;
  shards: Record<string, { sequenceNumber?: string; done?: boolean }>;
}

export interface CheckpointStore {
  load(): Promise<StreamCheckpoints | undefined>;
  save(checkpoints: StreamCheckpoints): Promise<void>;
}

export interface DeadLetter {
  at: string;
  streamArn: string;
  shardId: string;
  sequenceNumber: string;
  reason: string;
  record: DynamoDBRecord;
}

export interface StreamPollerOptions {
  deps: Deps;
  /** The DynamoDB (Local) endpoint; the Streams API is served there too. */
  endpoint: string;
  handler: StreamHandler;
  /** Records per batch, as the mapping's BatchSize (default 100). */
  batchSize?: number;
  /** Wait between polls when no shard had records (default 250 ms). */
  pollIntervalMs?: number;
  /** Retries of a failing record before it is dead-lettered, as the mapping's MaximumRetryAttempts (default 5). */
  maxRetries?: number;
  /** First retry delay, doubled on each retry (default 200 ms). */
  retryDelayMs?: number;
  checkpoints?: CheckpointStore;
  deadLetter: (letter: DeadLetter) => Promise<void>;
  /** Errors of the poller itself (not of the handler): default console.error. */
  onError?: (error: unknown) => void;
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
  failures: { sequenceNumber: string; count: number } | undefined;
}

const SHARD_REFRESH_MS = 1_000;

/** Checkpoints in memory (tests). */
export function memoryCheckpoints(): CheckpointStore {
  let kept: StreamCheckpoints | undefined;
  return {
    load: async () => (kept ? structuredClone(kept) : undefined),
    save: async (checkpoints) => {
      kept = structuredClone(checkpoints);
    },
  };
}

/** Checkpoints in a JSON file, replaced atomically (npm start: $DATA_DIR/stream-checkpoints.json). */
export function fileCheckpoints(file: string): CheckpointStore {
  return {
    async load() {
      try {
        return JSON.parse(await readFile(file, "utf8")) as StreamCheckpoints;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async save(checkpoints) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, JSON.stringify(checkpoints, null, 2));
      await rename(`${file}.tmp`, file);
    },
  };
}

/** Dead letters appended to a JSON Lines file (npm start: $DATA_DIR/stream-dead-letters.jsonl). */
export function fileDeadLetters(file: string): (letter: DeadLetter) => Promise<void> {
  return async (letter) => {
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, `${JSON.stringify(letter)}\n`);
  };
}

/** A stream record as Lambda delivers it (epoch seconds, the mapping's eventSourceARN). */
export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
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
  const batchSize = options.batchSize ?? 100;
  const maxRetries = options.maxRetries ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 200;
  const onError = options.onError ?? ((error: unknown) => console.error("stream poller:", error));
  const { Table } = await deps.db.send(new DescribeTableCommand({ TableName: deps.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${deps.tableName} has no stream`);
  const client = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const saved = await options.checkpoints?.load();
  // Like a new event source mapping (startingPosition LATEST): a first start reads what is written from now on;
  // shards that appear later are read from their start, and a restart resumes after the checkpoints.
  let firstStart = saved?.streamArn !== streamArn;
  const checkpoints: StreamCheckpoints = saved?.streamArn === streamArn ? saved : { streamArn, shards: {} };
  const shards = new Map<string, ShardState>();
  let stopped = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

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
      limit: batchSize,
      failures: undefined,
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
    const sequence = (record: DynamoDBRecord) => record.dynamodb?.SequenceNumber as string;
    let failedAt: number;
    let reason: string;
    let threw = false;
    try {
      const response = await options.handler({ Records: batch });
      const failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
      failedAt = batch.findIndex((record) => failed.has(sequence(record)));
      reason = "the handler reported it in batchItemFailures";
    } catch (error) {
      // A handler that throws fails the whole batch, as in Lambda: bisect to find the record at fault.
      failedAt = 0;
      threw = true;
      reason = `the handler threw: ${(error as Error).message}`;
      shard.limit = Math.max(1, Math.floor(batch.length / 2));
    }
    const handled = failedAt === -1 ? batch : batch.slice(0, failedAt);
    const last = handled.at(-1);
    if (last) shard.sequenceNumber = sequence(last);
    if (failedAt === -1) {
      shard.iterator = next;
      shard.limit = batchSize;
      shard.failures = undefined;
      if (!next) shard.done = true;
      await save(shard);
      return;
    }
    const failed = batch[failedAt] as DynamoDBRecord;
    const failedSequence = sequence(failed);
    const count = shard.failures?.sequenceNumber === failedSequence ? shard.failures.count + 1 : 1;
    shard.iterator = undefined;
    // A reported record is known to be at fault; after a throw, only once bisecting has narrowed it to one record.
    if (count > maxRetries && (!threw || batch.length === 1)) {
      await options.deadLetter({
        at: new Date().toISOString(),
        streamArn: streamArn as string,
        shardId: shard.id,
        sequenceNumber: failedSequence,
        reason: `${reason}; gave up after ${maxRetries} retries`,
        record: failed,
      });
      shard.sequenceNumber = failedSequence;
      shard.resumeAt = { type: "AFTER_SEQUENCE_NUMBER", sequenceNumber: failedSequence };
      shard.failures = undefined;
      shard.limit = batchSize;
    } else {
      shard.failures = { sequenceNumber: failedSequence, count };
      shard.resumeAt = { type: "AT_SEQUENCE_NUMBER", sequenceNumber: failedSequence };
      await sleep(Math.min(retryDelayMs * 2 ** (count - 1), 10_000));
    }
    await save(shard);
  }

  // Position every shard before answering, so that what is written once the poller has started is read.
  await refreshShards();
  for (const shard of shards.values()) if (ready(shard)) shard.iterator = await iteratorFor(shard);

  async function loop(): Promise<void> {
    let refreshedAt = Date.now();
    while (!stopped) {
      let busy = false;
      try {
        if (Date.now() - refreshedAt >= SHARD_REFRESH_MS) {
          await refreshShards();
          refreshedAt = Date.now();
        }
        for (const shard of shards.values()) {
          if (stopped) break;
          if (ready(shard)) busy = (await pollShard(shard)) || busy;
        }
      } catch (error) {
        if (!stopped) onError(error);
      }
      if (!busy && !stopped) await sleep(options.pollIntervalMs ?? 250);
    }
  }

  const running = loop();
  return {
    streamArn,
    async stop() {
      stopped = true;
      wake?.();
      await running;
      client.destroy();
    },
  };
}
