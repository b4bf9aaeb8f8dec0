/**
 * `npm start`: the whole product on one machine. Starts DynamoDB Local (unless DYNAMODB_ENDPOINT is set), creates
 * the table, seeds the examples when empty, serves the HTTP API through the deployed handlers and runs the
 * background tasks; SIGINT/SIGTERM stops everything it started, newest first, and exits 0.
 */
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createDeps } from "../../shared/deps.ts";
import { readRateLimitSettings, readWebhookSettings } from "../../shared/env.ts";
import { carryRecordsInEntries } from "../../shared/ledger/entries.ts";
import { sealPlainSecrets } from "../../shared/webhooks/subscriptions.ts";
import { loadApp } from "./app.ts";
import { backgroundTasks } from "./background.ts";
import { startDynamoDbLocal } from "./dynamodb-local.ts";
import { seed } from "./seed.ts";
import { startServer } from "./server.ts";
import {
  ENDPOINT_FILE,
  readLocalSettings,
  resolveAdminKey,
  resolveCursorKey,
  resolveWebhookSecretKey,
} from "./settings.ts";
import { ensureTable } from "./table.ts";

type Stop = { name: string; stop: () => Promise<void> };
const started: Stop[] = [];

async function stopAll(): Promise<void> {
  for (const { name, stop } of started.splice(0).reverse()) {
    try {
      await stop();
    } catch (error) {
      console.error(`could not stop ${name}:`, error);
    }
  }
}

async function main(): Promise<void> {
  const settings = readLocalSettings();
  const admin = await resolveAdminKey(settings);
  const cursorKey = await resolveCursorKey(settings);
  const webhookSecretKey = await resolveWebhookSecretKey(settings);

  let endpoint = settings.DYNAMODB_ENDPOINT;
  if (endpoint === undefined) {
    const dynamodb = await startDynamoDbLocal({ path: join(settings.dataDir, "dynamodb") });
    started.push({ name: "DynamoDB Local", stop: dynamodb.stop });
    endpoint = dynamodb.endpoint;
    console.log(
      `DynamoDB Local: ${endpoint} (pid ${dynamodb.pid}, data in ${join(settings.dataDir, "dynamodb")})`,
    );
    // Where `npm run reconcile` (and other tools) find this stack's ledger while it runs.
    const endpointFile = join(settings.dataDir, ENDPOINT_FILE);
    await writeFile(endpointFile, `${endpoint}\n`);
    started.push({ name: "endpoint file", stop: () => rm(endpointFile, { force: true }) });
  }

  // Locally a receiver on localhost must work (SPEC 6): private addresses and plain http are allowed by default.
  const webhooks = readWebhookSettings(undefined, { allowPrivate: true, allowHttp: true });
  const deps = createDeps({
    tableName: settings.TABLE_NAME,
    adminKey: admin.key,
    cursorKey: cursorKey.key,
    webhookSecretKey: webhookSecretKey.key,
    readAccess: settings.READ_ACCESS,
    rateLimits: readRateLimitSettings(),
    endpoint,
    webhooks,
  });
  started.push({ name: "DynamoDB client", stop: async () => deps.db.destroy() });
  await ensureTable(deps.db, settings.TABLE_NAME);
  // A DATA_DIR from before secrets were sealed: its subscriptions' plain-text secrets are sealed now.
  const sealed = await sealPlainSecrets(deps);
  if (sealed > 0) console.log(`sealed the signing secrets of ${sealed} webhook subscriptions`);
  // A DATA_DIR from before list entries carried their record: filtered listings would not find those records.
  const carried = await carryRecordsInEntries(deps);
  if (carried > 0) console.log(`gave ${carried} list entries a copy of their record`);

  const app = await loadApp({ deps });
  if (settings.SEED) {
    const seeded = await seed(app, admin.key);
    if (seeded.seeded)
      console.log(`seeded ${seeded.ids.length} example commitments: ${seeded.ids.join(", ")}`);
  }

  const server = await startServer({ app, port: settings.PORT });
  started.push({ name: "HTTP server", stop: server.close });

  for (const task of backgroundTasks) {
    const running = await task.start({ deps, endpoint, url: server.url, dataDir: settings.dataDir });
    started.push({ name: task.name, stop: running.stop });
    console.log(`started ${task.name}`);
  }

  console.log(`ai-infra-tracker: table ${settings.TABLE_NAME}, read access ${settings.READ_ACCESS}`);
  console.log(
    `webhooks: private receivers ${webhooks.allowPrivate ? "allowed" : "refused"}, http ${webhooks.allowHttp ? "allowed" : "refused"}, retries after ${webhooks.retrySchedule.map((ms) => `${ms / 1000}s`).join(", ")}`,
  );
  console.log(
    `rate limits: ${deps.rateLimiter.settings.keyPerMinute} requests a minute per API key, ${deps.rateLimiter.settings.anonymousPerMinute} per address without one`,
  );
  console.log(`admin key (${admin.origin}): ${admin.key}`);
  console.log(`listening on ${server.url}`);
}

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) {
    console.error(`${signal} again: exiting without waiting`);
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal}: stopping`);
  stopAll().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));

main().catch(async (error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll();
  process.exit(1);
});
