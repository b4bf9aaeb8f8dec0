/**
 * Seeds the example commitments when the ledger has none, through the real handlers in-process: the same
 * routing, validation, auth and store code a client's request goes through.
 */
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { seedParties } from "../../shared/parties/seed.ts";
import type { LocalApp } from "./app.ts";
import { seedCommitments, seedFxRate } from "./seed-data.ts";

export interface SeedResult {
  seeded: boolean;
  ids: string[];
}

/**
 * Registers the seed parties not yet registered; then does nothing more when `GET /commitments?limit=1` lists
 * anything, and otherwise records the KRW rate and the commitments.
 */
export async function seed(app: LocalApp, adminKey: string): Promise<SeedResult> {
  const call = (method: string, url: string, body?: unknown, headers: [string, string][] = []) =>
    app.handle({
      method,
      url,
      headers: [
        ["host", "seed.local"],
        ["user-agent", "ai-infra-tracker-seed"],
        ["authorization", `Bearer ${adminKey}`],
        ...(body === undefined ? [] : ([["content-type", "application/json"]] as [string, string][])),
        ...headers,
      ],
      body: body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body), "utf8"),
      sourceIp: "127.0.0.1",
      protocol: "HTTP/1.1",
    });

  // The party registry first, so that the commitments' names resolve to it; a party already registered is kept.
  for (const { slug, ...registration } of seedParties) {
    const path = `/parties/${encodeURIComponent(slug)}`;
    const existing = await call("GET", path);
    if (
      existing.statusCode === 200 &&
      (JSON.parse(existing.body ?? "{}") as { registered?: boolean }).registered
    )
      continue;
    bodyOf(await call("PUT", path, registration), [200, 201], `PUT ${path}`);
  }

  const listing = bodyOf(await call("GET", "/commitments?limit=1"), [200], "GET /commitments?limit=1");
  if ((listing as { items: unknown[] }).items.length > 0) return { seeded: false, ids: [] };

  const { currency, date, body } = seedFxRate;
  bodyOf(
    await call("PUT", `/fx-rates/${currency}/${date}`, body),
    [200],
    `PUT /fx-rates/${currency}/${date}`,
  );

  const ids: string[] = [];
  for (const { idempotencyKey, input } of seedCommitments) {
    const created = bodyOf(
      await call("POST", "/commitments", input, [["idempotency-key", idempotencyKey]]),
      [200, 201],
      `POST /commitments (${input.title})`,
    );
    ids.push((created as { id: string }).id);
  }
  return { seeded: true, ids };
}

function bodyOf(result: APIGatewayProxyStructuredResultV2, statuses: number[], what: string): unknown {
  const status = result.statusCode ?? 200;
  if (!statuses.includes(status))
    throw new Error(`seeding failed: ${what} answered ${status}: ${result.body ?? ""}`);
  return JSON.parse(result.body ?? "null");
}
