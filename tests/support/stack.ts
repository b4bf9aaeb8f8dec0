/** The local stack for e2e tests: a fresh table and the HTTP server on a free port, with its own admin key. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { loadApp } from "../../infra/local/app.ts";
import { backgroundTasks } from "../../infra/local/background.ts";
import { seed } from "../../infra/local/seed.ts";
import { startServer } from "../../infra/local/server.ts";
import type { RunningTask } from "../../infra/local/task.ts";
import type { Deps } from "../../shared/deps.ts";
import { generateApiKey } from "../../shared/domain/api-key.ts";
import { type TestDepsOptions, testDeps } from "./dynamo.ts";

export interface TestStack {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  adminKey: string;
  deps: Deps;
  /** The background tasks' $DATA_DIR (a temporary directory) when they run. */
  dataDir: string | undefined;
  close(): Promise<void>;
}

export interface TestStackOptions extends Omit<TestDepsOptions, "adminKey"> {
  /** Seed the example commitments, as `npm start` does (default false: tests use their own data). */
  seed?: boolean;
  /** Also run the background tasks as `npm start` does: the stream poller and the retry job (default false). */
  background?: boolean;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const adminKey = generateApiKey();
  // The stream poller reads the table's stream.
  const deps = await testDeps({
    ...options,
    adminKey,
    stream: options.stream ?? options.background === true,
  });
  const app = await loadApp({ deps });
  if (options.seed) await seed(app, adminKey);
  const server = await startServer({ app, port: 0 });
  const running: RunningTask[] = [];
  const dataDir = options.background ? await mkdtemp(join(tmpdir(), "ait-stack-")) : undefined;
  if (dataDir) {
    const endpoint = inject("dynamodbEndpoint");
    for (const task of backgroundTasks)
      running.push(await task.start({ deps, endpoint, url: server.url, dataDir }));
  }
  return {
    url: server.url,
    adminKey,
    deps,
    dataDir,
    close: async () => {
      for (const task of running.reverse()) await task.stop();
      await server.close();
      deps.db.destroy();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
