/** The local stack for e2e tests: a fresh table and the HTTP server on a free port, with its own admin key. */
import { loadApp } from "../../infra/local/app.ts";
import { seed } from "../../infra/local/seed.ts";
import { startServer } from "../../infra/local/server.ts";
import type { Deps } from "../../shared/deps.ts";
import { generateApiKey } from "../../shared/domain/api-key.ts";
import { type TestDepsOptions, testDeps } from "./dynamo.ts";

export interface TestStack {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  adminKey: string;
  deps: Deps;
  close(): Promise<void>;
}

export interface TestStackOptions extends Omit<TestDepsOptions, "adminKey"> {
  /** Seed the example commitments, as `npm start` does (default false: tests use their own data). */
  seed?: boolean;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const adminKey = generateApiKey();
  const deps = await testDeps({ ...options, adminKey });
  const app = await loadApp({ deps });
  if (options.seed) await seed(app, adminKey);
  const server = await startServer({ app, port: 0 });
  return {
    url: server.url,
    adminKey,
    deps,
    close: async () => {
      await server.close();
      deps.db.destroy();
    },
  };
}
