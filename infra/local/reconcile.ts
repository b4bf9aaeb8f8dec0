/**
 * `npm run reconcile [-- --repair]`: recomputes every aggregate, party count, ledger item, list entry and stored
 * summary from the records and prints each difference; exits 1 when there is one. `--repair` rewrites them from the
 * records (bounded, conditional transactions: safe to rerun) and checks again. It reaches the ledger where
 * `ledgerEndpoint` finds it.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DescribeTableCommand, ResourceNotFoundException } from "@aws-sdk/client-dynamodb";
import { createDeps, type Deps } from "../../shared/deps.ts";
import { findEntryDifferences, repairEntries } from "../../shared/ledger/entries.ts";
import {
  checkAggregates,
  type Difference,
  findDifferences,
  reconcileSummaries,
  repairDifferences,
} from "../../shared/ledger/reconcile.ts";
import { startDynamoDbLocal } from "./dynamodb-local.ts";
import { ENDPOINT_FILE, type LocalSettings, readLocalSettings } from "./settings.ts";

/** List entries named one by one; a ledger from before entries carried records has one per entry. */
const SHOWN_ENTRIES = 20;

function describe(difference: Difference): string {
  const names = [...new Set([...Object.keys(difference.stored), ...Object.keys(difference.expected)])].sort();
  const columns = names
    .filter((name) => difference.stored[name] !== difference.expected[name])
    .map(
      (name) =>
        `${name}: stored ${difference.stored[name] ?? "none"}, records say ${difference.expected[name] ?? "none"}`,
    );
  return `${difference.key.pk} ${difference.key.sk}\n    ${columns.join("\n    ")}`;
}

/** Checks (and with `repair`, mends) a ledger; returns the number of differences left. */
export async function reconcile(deps: Deps, options: { repair: boolean; log?: (line: string) => void }) {
  const log = options.log ?? console.log;
  const { differences, changing } = await checkAggregates(deps, deps.now());
  for (const difference of differences) log(`differs: ${describe(difference)}`);
  if (changing > 0)
    log(`${changing} item(s) changed while they were read, so were not compared: rerun to check them`);
  const summaries = await reconcileSummaries(deps, { repair: false });
  for (const summary of summaries)
    log(
      `differs: summary ${summary.key} (stored ${summary.storedHash.slice(0, 12)}, records give ${summary.recomputedHash.slice(0, 12)})`,
    );
  const entries = await findEntryDifferences(deps);
  for (const entry of entries.slice(0, SHOWN_ENTRIES))
    log(
      `differs: list entry ${entry.key.pk} ${entry.key.sk} (${entry.reason}; record ${entry.recordId} v${entry.version})`,
    );
  if (entries.length > SHOWN_ENTRIES) log(`differs: ${entries.length - SHOWN_ENTRIES} more list entries`);
  if (!options.repair) return differences.length + summaries.length + entries.length;
  // Aggregates first: summaries read the ledger items.
  const repaired = await repairDifferences(deps, differences);
  const corrected = await reconcileSummaries(deps, { repair: true });
  const rewritten = await repairEntries(deps, entries);
  log(
    `repaired ${repaired} item(s), corrected ${corrected.length} summary(ies), rewrote ${rewritten.written} list entries` +
      (rewritten.skipped > 0 ? ` (${rewritten.skipped} record(s) changed meanwhile: rerun)` : ""),
  );
  const left =
    (await findDifferences(deps, deps.now())).length +
    (await reconcileSummaries(deps, { repair: false })).length +
    (await findEntryDifferences(deps)).length;
  return left;
}

/**
 * Refuses, saying where it looked, when the ledger's table is not there: reconcile run with another `DATA_DIR` or
 * `TABLE_NAME` than the stack's, or before any `npm start`, would otherwise stop on the SDK's "non-existent table".
 */
export async function assertLedgerTable(deps: Deps, where: string): Promise<void> {
  try {
    await deps.db.send(new DescribeTableCommand({ TableName: deps.tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    throw new Error(
      `there is no table "${deps.tableName}" in ${where}: run it with the DATA_DIR and TABLE_NAME of the ledger's \`npm start\` (or its DYNAMODB_ENDPOINT)`,
    );
  }
}

/** Whether something answers HTTP at an endpoint (DynamoDB Local answers a bare GET with a 400). */
function answers(endpoint: string): Promise<boolean> {
  return fetch(endpoint, { signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );
}

/**
 * Where the ledger is: DYNAMODB_ENDPOINT, else the DynamoDB Local of an `npm start` running on $DATA_DIR (it writes
 * its endpoint there), else one started here on $DATA_DIR's files. A stack killed without its shutdown leaves its
 * endpoint file behind: an endpoint nothing answers at is passed over, and said so.
 */
export async function ledgerEndpoint(
  settings: LocalSettings,
): Promise<{ endpoint: string; where: string; stop?: () => Promise<void> }> {
  if (settings.DYNAMODB_ENDPOINT)
    return { endpoint: settings.DYNAMODB_ENDPOINT, where: `DYNAMODB_ENDPOINT ${settings.DYNAMODB_ENDPOINT}` };
  const file = join(settings.dataDir, ENDPOINT_FILE);
  const written = (await readFile(file, "utf8").catch(() => "")).trim();
  if (written && (await answers(written)))
    return { endpoint: written, where: `the running stack's DynamoDB Local (${written}, from ${file})` };
  const path = join(settings.dataDir, "dynamodb");
  const dynamodb = await startDynamoDbLocal({ path });
  const stale = written
    ? `; nothing answered at ${written}, left in ${file} by a stack that did not stop cleanly`
    : "";
  return {
    endpoint: dynamodb.endpoint,
    where: `DynamoDB Local on ${path} (no \`npm start\` is running on this DATA_DIR${stale})`,
    stop: dynamodb.stop,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { repair: { type: "boolean", default: false } } });
  const settings = readLocalSettings();
  const { endpoint, where, stop } = await ledgerEndpoint(settings);
  const deps = createDeps({
    tableName: settings.TABLE_NAME,
    adminKey: "reconcile-has-no-http-side",
    endpoint,
  });
  try {
    await assertLedgerTable(deps, where);
    const left = await reconcile(deps, { repair: values.repair ?? false });
    console.log(left === 0 ? "reconcile: no difference" : `reconcile: ${left} difference(s)`);
    return left === 0 ? 0 : 1;
  } finally {
    deps.db.destroy();
    await stop?.();
  }
}

if (import.meta.main)
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`reconcile failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
