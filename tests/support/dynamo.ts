/**
 * Deps for connected tests: a fresh, uniquely named table in the run's DynamoDB Local. Refuses any endpoint but
 * a local one, so a test can never reach real AWS.
 */
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { ensureTable } from "../../infra/local/table.ts";
import { createDeps, type Deps } from "../../shared/deps.ts";
import { generateApiKey } from "../../shared/domain/api-key.ts";
import type { RateLimitSettings } from "../../shared/http/rate-limit.ts";
import type { WebhookDeps } from "../../shared/webhooks/config.ts";
import { UNTHROTTLED } from "./rate-limits.ts";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Throws unless the endpoint is plain http on this machine. */
export function assertLocalEndpoint(endpoint: string | undefined): string {
  const url = endpoint && URL.canParse(endpoint) ? new URL(endpoint) : undefined;
  if (url?.protocol !== "http:" || !LOCAL_HOSTS.has(url.hostname))
    throw new Error(
      `tests run only against DynamoDB Local on http://127.0.0.1 or http://localhost, not ${endpoint ?? "(no endpoint)"}: run them with vitest, whose globalSetup starts it`,
    );
  return endpoint as string;
}

export interface TestDepsOptions {
  adminKey?: string;
  readAccess?: Deps["readAccess"];
  now?: () => Date;
  webhooks?: Partial<WebhookDeps>;
  /** Default UNTHROTTLED. */
  rateLimits?: RateLimitSettings;
  /**
   * Whether the table has its stream (default false): only a test that reads it (the stream poller, webhooks) needs
   * it, and DynamoDB Local's stream slows every later write of the run (infra/local/table.ts).
   */
  stream?: boolean;
}

/** Deps bound to a new table created from the one table definition. */
export async function testDeps(options: TestDepsOptions = {}): Promise<Deps> {
  const endpoint = assertLocalEndpoint(inject("dynamodbEndpoint"));
  const tableName = `test-${randomUUID()}`;
  const deps = createDeps({
    tableName,
    endpoint,
    adminKey: options.adminKey ?? generateApiKey(),
    ...(options.readAccess ? { readAccess: options.readAccess } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    rateLimits: options.rateLimits ?? UNTHROTTLED,
  });
  await ensureTable(deps.db, tableName, { stream: options.stream ?? false });
  return deps;
}
