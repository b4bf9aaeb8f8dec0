/**
 * Fuzzing the seeded local stack with requests generated from its own OpenAPI document (tests/support/fuzz.ts):
 * no answer may be a 5xx, every answer must agree with the document (the contract check of every e2e file), and
 * the table must hold exactly what it held before.
 */
import { ScanCommand, type ScanCommandInput } from "@aws-sdk/client-dynamodb";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Deps } from "../../shared/deps.ts";
import { useApiStack } from "../support/api-stack.ts";
import { type Auth, type FuzzRequest, operations, requestsFor } from "../support/fuzz.ts";
import { client } from "../support/http.ts";

const REQUESTS = 2_400;
const CONCURRENCY = 4;
/** A bound on the run, never a speed check: on two shared cores 2,400 requests take well under this. */
const BUDGET_MS = 240_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20_250_101);

/** Every item of the table, each as sorted JSON, sorted: equal snapshots mean nothing was written. */
async function snapshot(deps: Deps): Promise<string[]> {
  const items: string[] = [];
  let startKey: ScanCommandInput["ExclusiveStartKey"];
  do {
    const page = await deps.db.send(
      new ScanCommand({ TableName: deps.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    for (const item of page.Items ?? []) items.push(JSON.stringify(item, Object.keys(item).sort()));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort();
}

const shown = (request: FuzzRequest) =>
  `${request.method} ${request.url} (${request.auth}, ${JSON.stringify(request.headers)}, ${request.body?.length ?? 0} bytes)`;

describe("requests generated from the OpenAPI document", () => {
  const { api, stack } = useApiStack({ seed: true });

  it("never get a 5xx and write nothing", { timeout: BUDGET_MS + 60_000 }, async () => {
    const created = await api("POST", "/api-keys", { body: { name: "fuzz reader", scope: "read" } });
    expect(created.status).toBe(201);
    const listed = await api("GET", "/commitments?limit=5");
    const known: string[] = listed.json.items.map((item: { id: string }) => item.id);
    const send = client(stack().url);
    const keys: Record<Auth, string | undefined> = {
      none: undefined,
      read: created.json.key,
      admin: stack().adminKey,
      forged: "ait_forged_0000000000000000000000000000",
    };
    const before = await snapshot(stack().deps);

    const perOperation = Math.ceil(REQUESTS / operations().length);
    const requests: FuzzRequest[] = operations().flatMap(([path, method]) =>
      fc.sample(requestsFor(path, method, known), { numRuns: perOperation, seed: SEED }),
    );
    const statuses = new Map<number, number>();
    const serverErrors: string[] = [];
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < requests.length && performance.now() - started < BUDGET_MS) {
        const request = requests[next++] as FuzzRequest;
        const key = keys[request.auth];
        const attempt = () =>
          send(request.method, request.url, {
            headers: request.headers,
            ...(request.body !== undefined ? { raw: request.body } : {}),
            ...(key ? { key } : {}),
          });
        // A reused keep-alive connection the server has just closed fails once (ECONNRESET); the same request
        // failing again on a fresh one means the request itself made the server drop it, as bad as a 5xx.
        const response = await attempt()
          .catch(attempt)
          .catch((error: Error) => {
            serverErrors.push(
              `${shown(request)} → ${error.message}: ${String((error.cause as Error)?.message)}`,
            );
            return undefined;
          });
        if (!response) continue;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500)
          serverErrors.push(
            `${request.method} ${request.url} (${request.auth}) → ${response.status} ${response.text}`,
          );
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const sent = [...statuses.values()].reduce((sum, count) => sum + count, 0);
    const histogram = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
    console.log(
      `fuzz: ${sent} requests in ${seconds} s (seed ${SEED}), statuses ${JSON.stringify(histogram)}`,
    );

    expect(serverErrors).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(2_000);
    expect(await snapshot(stack().deps)).toEqual(before);
  });
});
