/**
 * What the bench (`npm run bench`) and the fault runs (`npm run faults`) share: their own DynamoDB Local, fresh
 * tables, the local stack in this process, a keep-alive HTTP client, and the table + JSON report. Everything
 * listens and connects on 127.0.0.1 only; everything started here is stopped by `Cleanup.run()`.
 */
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { Agent, request as httpRequest } from "node:http";
import { cpus } from "node:os";
import { join } from "node:path";
import { loadApp } from "../../infra/local/app.ts";
import { backgroundTasks } from "../../infra/local/background.ts";
import { type DynamoDbLocal, startDynamoDbLocal } from "../../infra/local/dynamodb-local.ts";
import { startServer } from "../../infra/local/server.ts";
import { ensureTable } from "../../infra/local/table.ts";
import type { RunningTask } from "../../infra/local/task.ts";
import { createDeps, type Deps, type DepsOptions } from "../../shared/deps.ts";
import { generateApiKey } from "../../shared/domain/api-key.ts";
import { UNTHROTTLED } from "../support/rate-limits.ts";

export const projectRoot = new URL("../../", import.meta.url);
export const resultsDir = new URL("bench-results/", projectRoot);

/** Throws unless `url` is plain http on the loopback interface: these runs never send traffic anywhere else. */
export function assertLoopback(url: string): string {
  const { protocol, hostname } = new URL(url);
  if (protocol !== "http:" || !(hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]"))
    throw new Error(`refusing to send load to ${url}: only http://127.0.0.1 is allowed`);
  return url;
}

/** Things to stop, newest first; run() is safe to call twice and from a signal handler. */
export class Cleanup {
  private readonly steps: { name: string; stop: () => Promise<unknown> | unknown }[] = [];

  add(name: string, stop: () => Promise<unknown> | unknown): void {
    this.steps.push({ name, stop });
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.stop();
      } catch (error) {
        console.error(`could not stop ${step.name}:`, error);
      }
    }
  }
}

/** Stops everything on Ctrl-C as well, so no java process is left behind. */
export function stopOnSignals(cleanup: Cleanup): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      console.error(`${signal}: stopping what this run started`);
      void cleanup.run().finally(() => process.exit(130));
    });
}

/** DynamoDB Local in memory (`path: null`) or on disk, registered for cleanup. */
export async function startDynamo(
  cleanup: Cleanup,
  options: { path: string | null; port?: number },
): Promise<DynamoDbLocal> {
  const dynamodb = await startDynamoDbLocal({
    path: options.path,
    ...(options.port ? { port: options.port } : {}),
  });
  assertLoopback(dynamodb.endpoint);
  cleanup.add(`DynamoDB Local (pid ${dynamodb.pid})`, dynamodb.stop);
  return dynamodb;
}

/**
 * Deps on a new, uniquely named table of the one table definition; with its stream, as `npm start` makes it, unless
 * `stream: false` (a table nothing reads the stream of: see ensureTable).
 */
export async function freshDeps(
  endpoint: string,
  options: Partial<Omit<DepsOptions, "endpoint">> & { stream?: boolean } = {},
): Promise<Deps> {
  const deps = createDeps({
    tableName: options.tableName ?? `bench-${randomUUID()}`,
    adminKey: options.adminKey ?? generateApiKey(),
    endpoint: assertLoopback(endpoint),
    ...(options.now ? { now: options.now } : {}),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    // The bench and the fault runs measure the stack, not its per-client limits.
    rateLimits: UNTHROTTLED,
  });
  await ensureTable(deps.db, deps.tableName, { stream: options.stream ?? true });
  return deps;
}

export interface Stack {
  url: string;
  adminKey: string;
  deps: Deps;
  close(): Promise<void>;
}

/** The local stack in this process: the deployed handlers behind the local HTTP server, optionally the background tasks. */
export async function startStack(
  cleanup: Cleanup,
  deps: Deps,
  options: { background?: { endpoint: string; dataDir: string } } = {},
): Promise<Stack> {
  const app = await loadApp({ deps });
  const server = await startServer({ app, port: 0 });
  const running: RunningTask[] = [];
  if (options.background)
    for (const task of backgroundTasks)
      running.push(await task.start({ deps, url: server.url, ...options.background }));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const task of running.reverse()) await task.stop();
    await server.close();
  };
  cleanup.add(`local stack ${server.url}`, close);
  return { url: assertLoopback(server.url), adminKey: deps.adminKey, deps, close };
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: responses are inspected field by field
  json: any;
}

/** A keep-alive HTTP/1.1 client for one base URL; `maxSockets` bounds its connections. */
export function httpClient(
  baseUrl: string,
  options: { key?: string; maxSockets?: number; timeoutMs?: number } = {},
) {
  const base = new URL(assertLoopback(baseUrl));
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 16 });
  const send = (
    method: string,
    path: string,
    init: {
      body?: unknown;
      raw?: string | Buffer;
      headers?: Record<string, string>;
      key?: string | null;
    } = {},
  ): Promise<HttpResult> => {
    const headers: Record<string, string> = { ...init.headers };
    const key = init.key === null ? undefined : (init.key ?? options.key);
    if (key && !("authorization" in headers)) headers.authorization = `Bearer ${key}`;
    let body: string | Buffer | undefined = init.raw;
    if (body === undefined && init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers["content-type"] ??= "application/json";
    }
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: base.hostname,
          port: base.port,
          method,
          path,
          headers,
          agent,
          timeout: options.timeoutMs ?? 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer in time`)));
      req.on("error", reject);
      req.end(body);
    });
  };
  return Object.assign(send, { close: () => agent.destroy() });
}
export type HttpClient = ReturnType<typeof httpClient>;

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

/** Rounds for reports: 2 decimals below 100, whole numbers above. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
}

export type Row = Record<string, string | number | boolean | null>;

/** A fixed-width text table of rows (columns in the order of the first row's keys). */
export function formatTable(title: string, rows: readonly Row[]): string {
  if (rows.length === 0) return `${title}\n  (no rows)\n`;
  const columns = Object.keys(rows[0] as Row);
  const cell = (value: Row[string] | undefined) =>
    value === null || value === undefined
      ? "—"
      : typeof value === "number"
        ? String(round(value))
        : String(value);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row[column]).length)),
  );
  const line = (values: string[]) =>
    `  ${values.map((value, index) => value.padEnd(widths[index] as number)).join("  ")}`.trimEnd();
  return [
    title,
    line(columns),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map((row) => line(columns.map((column) => cell(row[column])))),
    "",
  ].join("\n");
}

/** Writes bench-results/<name>.json (the directory is gitignored). */
export async function writeResults(name: string, data: unknown): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const file = new URL(`${name}.json`, resultsDir);
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  return join("bench-results", `${name}.json`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `done` holds or `timeoutMs` passes; returns whether it held. */
export async function waitUntil(done: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}

/** Runs `work` with at most `concurrency` in flight; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++)
      results[index] = await work(items[index] as T, index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** The machine the figures come from, printed with them. */
export function machine(): Row {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown"}`,
    at: new Date().toISOString(),
  };
}
