/**
 * Fault 1: DynamoDB Local (on disk) killed with SIGKILL in the middle of a 2,000-record batch ingest over HTTP,
 * during a transaction of one batch, then restarted on the same files. Afterwards no record may lack its
 * revision, no aggregate may differ from the records, and rerunning the whole ingest with the same
 * Idempotency-Keys must complete it with exactly 2,000 records, the ones already written keeping their ids.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { freePort } from "../../infra/local/dynamodb-local.ts";
import { generatedCommitments } from "../bench/generate.ts";
import { type Cleanup, freshDeps, httpClient, sleep, startDynamo, startStack } from "../bench/harness.ts";
import { checkLedger, describeCheck } from "./ledger-check.ts";
import { type ScenarioResult, Verdict } from "./scenario.ts";

const RECORDS = 2_000;
const PER_BATCH = 100;
/** The batch during which DynamoDB Local dies, and which of its transactions is in flight then. */
const KILLED_BATCH = 8;
const KILL_AT_TRANSACTION = 3;

interface BatchOutcome {
  status: number;
  ids: (string | undefined)[];
  results: { status: number; result: string }[];
}

export async function faultDynamoDbKill(cleanup: Cleanup): Promise<ScenarioResult> {
  const verdict = new Verdict("DynamoDB Local SIGKILLed mid-ingest and restarted");
  const dir = await mkdtemp(join(tmpdir(), "ait-faults-ddb-"));
  cleanup.add("fault 1 data dir", () => rm(dir, { recursive: true, force: true }));
  const path = join(dir, "dynamodb");
  const port = await freePort();
  let dynamodb = await startDynamo(cleanup, { path, port });
  const base = await freshDeps(dynamodb.endpoint, { tableName: "faults-ingest" });

  // Kills the emulator a moment after the chosen transaction has been handed to the SDK, so it dies mid-write.
  let armed = false;
  let transactions = 0;
  let killedAt: number | undefined;
  const db = new Proxy(base.db, {
    get(target, property, receiver) {
      if (property !== "send") return Reflect.get(target, property, receiver);
      return (command: { constructor: { name: string } }, ...rest: unknown[]) => {
        const sent = (target.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
        if (
          armed &&
          command.constructor.name === "TransactWriteCommand" &&
          ++transactions === KILL_AT_TRANSACTION
        ) {
          armed = false;
          setTimeout(() => {
            killedAt = performance.now();
            process.kill(dynamodb.pid, "SIGKILL");
          }, 3);
        }
        return sent;
      };
    },
  }) as DynamoDBDocumentClient;
  const deps = { ...base, db };
  const stack = await startStack(cleanup, deps);
  const api = httpClient(stack.url, { key: stack.adminKey, timeoutMs: 120_000 });
  const items = generatedCommitments(RECORDS);
  const sendBatch = async (batch: number): Promise<BatchOutcome> => {
    const response = await api("POST", "/commitments/batch", {
      body: { items: items.slice(batch * PER_BATCH, (batch + 1) * PER_BATCH) },
      headers: { "idempotency-key": `faults-ingest-${batch}` },
    });
    const results = (response.json?.results ?? []) as { status: number; result: string; id?: string }[];
    return { status: response.status, ids: results.map((result) => result.id), results };
  };

  try {
    const first: BatchOutcome[] = [];
    let answeredAt = 0;
    for (let batch = 0; batch < RECORDS / PER_BATCH; batch++) {
      armed = batch === KILLED_BATCH;
      const outcome = await sendBatch(batch);
      answeredAt = performance.now();
      first.push(outcome);
      if (outcome.status !== 200) break;
    }
    const killedBatch = first[KILLED_BATCH];
    verdict.figures.firstRun = {
      batchesAnswered200: first.filter((outcome) => outcome.status === 200).length,
      killedBatchStatus: killedBatch?.status ?? null,
      msFromKillToAnswer: killedAt === undefined ? null : Math.round(answeredAt - killedAt),
    };
    verdict.check(
      "the emulator died during a batch",
      killedAt !== undefined && first.length === KILLED_BATCH + 1 && (killedBatch?.status ?? 0) >= 500,
      `killed during transaction ${KILL_AT_TRANSACTION} of batch ${KILLED_BATCH + 1}/${RECORDS / PER_BATCH}; that batch was answered ${killedBatch?.status}`,
    );

    await dynamodb.stop();
    // Same files, same port: the stack's client reconnects by itself.
    for (let attempt = 1; ; attempt++) {
      try {
        dynamodb = await startDynamo(cleanup, { path, port });
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        await sleep(1_000);
      }
    }

    const afterCrash = await checkLedger(deps);
    verdict.figures.afterCrash = {
      ...afterCrash,
      committedOfKilledBatch: afterCrash.commitments - KILLED_BATCH * PER_BATCH,
    };
    verdict.check(
      "after the restart: every record has its revisions, no orphan entries, aggregates equal the records",
      afterCrash.ok,
      describeCheck(afterCrash),
    );

    const rerun: BatchOutcome[] = [];
    for (let batch = 0; batch < RECORDS / PER_BATCH; batch++) rerun.push(await sendBatch(batch));
    const created = rerun
      .flatMap((outcome) => outcome.results)
      .filter((result) => result.result === "created");
    verdict.check(
      "the rerun with the same Idempotency-Keys answers every item as created",
      rerun.every((outcome) => outcome.status === 200) && created.length === RECORDS,
      `${created.length}/${RECORDS} created; batch statuses ${[...new Set(rerun.map((outcome) => outcome.status))].join(",")}`,
    );
    const sameIds = first
      .slice(0, KILLED_BATCH)
      .every((outcome, batch) => outcome.ids.every((id, index) => id === rerun[batch]?.ids[index]));
    verdict.check(
      "records written before the crash keep their ids in the rerun (replayed, not recreated)",
      sameIds,
      sameIds ? `batches 1–${KILLED_BATCH} replayed with the same ids` : "some ids differ",
    );
    const final = await checkLedger(deps);
    verdict.figures.afterRerun = final;
    verdict.check(
      `after the rerun: exactly ${RECORDS} records, none twice, all consistent`,
      final.ok && final.commitments === RECORDS,
      describeCheck(final),
    );
    return verdict.result();
  } finally {
    api.close();
    await stack.close();
    base.db.destroy();
    await dynamodb.stop();
  }
}
