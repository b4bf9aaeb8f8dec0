/**
 * Bench 7, import: `npm run import`'s work on a CSV of generated commitments in the export's columns (parts, three
 * currencies, Korean text), into an empty ledger of the local stack over loopback HTTP: read, validate, write whole
 * before parts through POST /commitments/batch with a key per row. Its floor, measured in the same run on a
 * DynamoDB Local of its own: a bare BatchWriteItem of the same record items alone (the commitment items the
 * import stored, without revisions, list entries or counts), 25 a call. Gated: within `IMPORT_GATES.floorTimes` the
 * floor's time, and at most `IMPORT_GATES.requestsPer100` DynamoDB requests (counted in the server) per 100 records.
 * Both tables are made without their stream, which nothing here reads: DynamoDB Local's stream slows each write as
 * its records pile up (infra/local/table.ts), which would charge the import, writing ~20 items a record against the
 * floor's one, for the emulator's cost and not its own. `BENCH_IMPORT_STREAM=1` keeps the streams, to compare.
 */

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BatchWriteCommand, type BatchWriteCommandOutput } from "@aws-sdk/lib-dynamodb";
import { toCommitmentItem } from "../../shared/commitments/items.ts";
import { listCommitments } from "../../shared/commitments/reads.ts";
import { type Commitment, commitmentInput, withSlugs } from "../../shared/commitments/schema.ts";
import type { Deps } from "../../shared/deps.ts";
import { exportLine, exportStart } from "../../shared/http/csv.ts";
import { batchSender } from "../../shared/import/client.ts";
import { importFile } from "../../shared/import/run.ts";
import { recordRate } from "../../shared/store/fx-rates.ts";
import { countingDeps } from "../support/counting.ts";
import { eurRate, generatedLedgerRecord, krwRate, partOf } from "./generate.ts";
import { type Cleanup, freshDeps, type Row, startDynamo, startStack } from "./harness.ts";

export const IMPORT_GATES = { floorTimes: 10, requestsPer100: 10 };

export interface ImportBench {
  records: number;
  imported: number;
  seconds: number;
  recordsPerSecond: number;
  floorSeconds: number;
  floorRecordsPerSecond: number;
  /** The import's records/s ÷ the floor's. */
  ratio: number;
  /** DynamoDB requests the server sent per 100 imported records, by command. */
  requestsPer100: number;
  byCommand: Record<string, number>;
  rows: Row[];
  failures: string[];
}

/** The id a generated row has in the file (any text: the import maps it to the new record's id). */
const fileId = (index: number) => `gen-${index}`;

/** The generated ledger as an export would give it: one CSV row per record, parts naming their whole's id. */
async function writeLedgerFile(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(exportStart("csv"));
  for (let index = 0; index < count; index++) {
    const input = commitmentInput.parse(generatedLedgerRecord(index));
    const whole = partOf(index);
    const record: Commitment = {
      ...input,
      id: fileId(index),
      ...(whole === undefined ? {} : { parentId: fileId(whole) }),
      parties: withSlugs(input.parties),
      amountUsd: null,
      sourcesDisagree: false,
      version: 1,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    };
    if (!out.write(exportLine("csv", record))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** Whether the tables have their streams (see the header): BENCH_IMPORT_STREAM, 0 (the default) or 1. */
function withStream(): boolean {
  const setting = process.env.BENCH_IMPORT_STREAM ?? "0";
  if (setting !== "0" && setting !== "1") throw new Error(`BENCH_IMPORT_STREAM is 0 or 1, not "${setting}"`);
  return setting === "1";
}

async function ledger(endpoint: string, stream: boolean): Promise<Deps> {
  const deps = await freshDeps(endpoint, { stream });
  await recordRate(deps, "EUR", eurRate.date, eurRate.input, "bench");
  await recordRate(deps, "KRW", krwRate.date, krwRate.input, "bench");
  return deps;
}

async function allRecords(deps: Deps): Promise<Commitment[]> {
  const records: Commitment[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCommitments(deps, { sort: "-announcedOn", limit: 100, cursor });
    records.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return records;
}

/** The floor: the record items alone, 25 a BatchWriteItem, unprocessed items sent again. */
async function bareWrites(deps: Deps, records: Commitment[]): Promise<number> {
  const started = performance.now();
  for (let start = 0; start < records.length; start += 25) {
    let requests: NonNullable<BatchWriteCommandOutput["UnprocessedItems"]>[string] | undefined = records
      .slice(start, start + 25)
      .map((record) => ({ PutRequest: { Item: toCommitmentItem(record, { childCount: 0 }) } }));
    while (requests && requests.length > 0) {
      const result: BatchWriteCommandOutput = await deps.db.send(
        new BatchWriteCommand({ RequestItems: { [deps.tableName]: requests } }),
      );
      requests = result.UnprocessedItems?.[deps.tableName];
    }
  }
  return (performance.now() - started) / 1000;
}

export async function benchImport(cleanup: Cleanup, records = 10_000): Promise<ImportBench> {
  const stream = withStream();
  const dir = await mkdtemp(join(tmpdir(), "ait-bench-import-"));
  cleanup.add("import bench files", () => rm(dir, { recursive: true, force: true }));
  const file = join(dir, "ledger.csv");
  await writeLedgerFile(file, records);

  const dynamodb = await startDynamo(cleanup, { path: null });
  const deps = await ledger(dynamodb.endpoint, stream);
  const counting = countingDeps(deps);
  const stack = await startStack(cleanup, counting.deps);
  const send = batchSender({ url: stack.url, key: stack.adminKey });
  const started = performance.now();
  const summary = await importFile({ file, format: "csv", send });
  const seconds = (performance.now() - started) / 1000;
  const sent = [...counting.sent];
  if (summary.imported !== records)
    throw new Error(`the import wrote ${summary.imported} of ${records}: ${JSON.stringify(summary)}`);
  const stored = await allRecords(deps);
  await stack.close();
  deps.db.destroy();
  await dynamodb.stop();

  const floorDynamo = await startDynamo(cleanup, { path: null });
  const floorDeps = await freshDeps(floorDynamo.endpoint, { stream });
  const floorSeconds = await bareWrites(floorDeps, stored);
  floorDeps.db.destroy();
  await floorDynamo.stop();

  const recordsPerSecond = summary.imported / seconds;
  const floorRecordsPerSecond = stored.length / floorSeconds;
  const ratio = recordsPerSecond / floorRecordsPerSecond;
  const byCommand: Record<string, number> = {};
  for (const name of sent) byCommand[name] = (byCommand[name] ?? 0) + 1;
  const requestsPer100 = (sent.length / summary.imported) * 100;
  const failures = [
    ...(ratio < 1 / IMPORT_GATES.floorTimes
      ? [`the import takes ${(1 / ratio).toFixed(1)}× the floor's time (gate ≤ ${IMPORT_GATES.floorTimes}×)`]
      : []),
    ...(requestsPer100 > IMPORT_GATES.requestsPer100
      ? [
          `the import sends ${requestsPer100.toFixed(1)} DynamoDB requests per 100 records (gate ≤ ${IMPORT_GATES.requestsPer100})`,
        ]
      : []),
  ];
  const per100 = (name: string) => ((byCommand[name] ?? 0) / summary.imported) * 100;
  return {
    records,
    imported: summary.imported,
    seconds,
    recordsPerSecond,
    floorSeconds,
    floorRecordsPerSecond,
    ratio,
    requestsPer100,
    byCommand,
    failures,
    rows: [
      {
        mode: `npm run import (CSV, validate + write through POST /commitments/batch)${stream ? ", tables with streams" : ""}`,
        records: summary.imported,
        seconds,
        "records/s": recordsPerSecond,
        "vs floor": ratio,
        "req/100 rec": requestsPer100,
        "of which TransactWrite": per100("TransactWriteCommand"),
        Query: per100("QueryCommand"),
        "Get+BatchGet": per100("GetCommand") + per100("BatchGetCommand"),
      },
      {
        mode: `floor: BatchWriteItem of the record items alone, 25 a call${stream ? ", tables with streams" : ""}`,
        records: stored.length,
        seconds: floorSeconds,
        "records/s": floorRecordsPerSecond,
        "vs floor": 1,
        "req/100 rec": (Math.ceil(stored.length / 25) / stored.length) * 100,
        "of which TransactWrite": 0,
        Query: 0,
        "Get+BatchGet": 0,
      },
    ],
  };
}
