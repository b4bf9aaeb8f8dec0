/**
 * What the local stream poller keeps between runs: where it is in each shard (so a restart resumes) and the records
 * it gave up on (written down, never dropped), in memory for tests or in files under $DATA_DIR for `npm start`.
 */
import { appendFile, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { DynamoDBRecord } from "aws-lambda";

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
