/**
 * Bench 1, ingest: the same number of generated commitments through `POST /commitments/batch` (100 a request)
 * and through single `POST /commitments` calls, one client, one request at a time, over loopback HTTP to the
 * local stack. DynamoDB requests are counted in the server process by wrapping its client.
 */
import type { Deps } from "../../shared/deps.ts";
import { recordRate } from "../../shared/store/fx-rates.ts";
import { countingDeps } from "../support/counting.ts";
import { eurRate, generatedCommitments } from "./generate.ts";
import {
  type Cleanup,
  freshDeps,
  httpClient,
  mapLimit,
  type Row,
  startDynamo,
  startStack,
} from "./harness.ts";

export interface IngestMode {
  mode: string;
  records: number;
  created: number;
  seconds: number;
  recordsPerSecond: number;
  dynamodbRequests: number;
  requestsPer100Records: number;
  byCommand: Record<string, number>;
}

export interface IngestResult {
  records: number;
  batch: IngestMode;
  single: IngestMode;
  /** Single creates with 8 clients at once: how much of the batch's lead is round trips. */
  singleParallel: IngestMode;
  /** records/s of the batch ÷ records/s of single calls (one client each). */
  speedup: number;
  rows: Row[];
}

async function ledger(endpoint: string): Promise<Deps> {
  // Nothing reads its stream, which would slow every mode's writes as they pile up (see ensureTable).
  const deps = await freshDeps(endpoint, { stream: false });
  await recordRate(deps, "EUR", eurRate.date, eurRate.input, "bench");
  return deps;
}

/** Each mode gets a DynamoDB Local of its own: writes to a streamed table slow down once another has many. */
async function run(
  cleanup: Cleanup,
  mode: string,
  records: number,
  send: (client: ReturnType<typeof httpClient>, items: Record<string, unknown>[]) => Promise<number>,
): Promise<IngestMode> {
  const dynamodb = await startDynamo(cleanup, { path: null });
  const counting = countingDeps(await ledger(dynamodb.endpoint));
  const stack = await startStack(cleanup, counting.deps);
  const client = httpClient(stack.url, { key: stack.adminKey, maxSockets: 16 });
  const items = generatedCommitments(records);
  const before = counting.sent.length;
  const started = performance.now();
  const created = await send(client, items);
  const seconds = (performance.now() - started) / 1000;
  const sent = counting.sent.slice(before);
  client.close();
  await stack.close();
  counting.deps.db.destroy();
  await dynamodb.stop();
  const byCommand: Record<string, number> = {};
  for (const name of sent)
    byCommand[name.replace(/Command$/, "")] = (byCommand[name.replace(/Command$/, "")] ?? 0) + 1;
  return {
    mode,
    records,
    created,
    seconds,
    recordsPerSecond: created / seconds,
    dynamodbRequests: sent.length,
    requestsPer100Records: (sent.length / records) * 100,
    byCommand,
  };
}

const viaBatch = async (client: ReturnType<typeof httpClient>, items: Record<string, unknown>[]) => {
  let created = 0;
  for (let start = 0; start < items.length; start += 100) {
    const response = await client("POST", "/commitments/batch", {
      body: { items: items.slice(start, start + 100) },
    });
    if (response.status !== 200)
      throw new Error(`batch answered ${response.status}: ${response.text.slice(0, 300)}`);
    created += (response.json.results as { result: string }[]).filter(
      (result) => result.result === "created",
    ).length;
  }
  return created;
};

const viaSingles =
  (concurrency: number) =>
  async (client: ReturnType<typeof httpClient>, items: Record<string, unknown>[]) => {
    const statuses = await mapLimit(items, concurrency, async (item) => {
      const response = await client("POST", "/commitments", { body: item });
      if (response.status !== 201)
        throw new Error(`create answered ${response.status}: ${response.text.slice(0, 300)}`);
      return response.status;
    });
    return statuses.length;
  };

export async function benchIngest(cleanup: Cleanup, records = 2_000): Promise<IngestResult> {
  // Warm the handlers and the SDK first, on a DynamoDB Local of their own, so neither mode pays for first calls.
  await run(cleanup, "warm-up", 200, async (client, items) => {
    await viaBatch(client, items.slice(0, 100));
    return viaSingles(4)(client, items.slice(100));
  });
  const batch = await run(cleanup, "POST /commitments/batch (100 per request)", records, viaBatch);
  const single = await run(cleanup, "POST /commitments, 1 client", records, viaSingles(1));
  const singleParallel = await run(cleanup, "POST /commitments, 8 clients", records, viaSingles(8));
  const speedup = batch.recordsPerSecond / single.recordsPerSecond;
  const rows = [batch, single, singleParallel].map(
    (mode): Row => ({
      mode: mode.mode,
      records: mode.created,
      seconds: mode.seconds,
      "records/s": mode.recordsPerSecond,
      "vs single": mode.recordsPerSecond / single.recordsPerSecond,
      "DynamoDB req/100 rec": mode.requestsPer100Records,
      "TransactWrite/100 rec": ((mode.byCommand.TransactWrite ?? 0) / mode.records) * 100,
    }),
  );
  return { records, batch, single, singleParallel, speedup, rows };
}
