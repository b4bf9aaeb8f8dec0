/**
 * Fault 5: the hostile inputs of the ledger issue (tests/e2e/hostile-input.test.ts), generated at volume with
 * varying contents and sent 32 at a time. Passes with zero 5xx, no failed request, not one item added, changed or
 * removed in the table, and the PATCH target unchanged. Answers other than the expected status are reported.
 */
import { generatedCommitment } from "../bench/generate.ts";
import {
  type Cleanup,
  freshDeps,
  type HttpResult,
  httpClient,
  mapLimit,
  startDynamo,
  startStack,
} from "../bench/harness.ts";
import { itemKeys } from "./ledger-check.ts";
import { type ScenarioResult, Verdict } from "./scenario.ts";

const REQUESTS = 10_000;
const CONCURRENCY = 32;

interface HostileRequest {
  method: string;
  path: string;
  raw?: string | Buffer;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Hostile {
  name: string;
  /** The status(es) the ledger issue's hostile-input tests expect for it. */
  expect: number | number[];
  /** How often it comes up relative to the others (the 300 KiB body less often). */
  weight?: number;
  make: (n: number) => HostileRequest;
}

const json = { "content-type": "application/json" };
const valid = (n: number) => generatedCommitment(100_000 + n);
const withAmount = (n: number, amount: unknown) => ({ ...valid(n), amount });
const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  path: "/commitments",
  raw: JSON.stringify(body),
  headers: { ...json, ...headers },
});

function hostiles(target: { id: string }, cursor: string): Hostile[] {
  return [
    {
      name: "malformed JSON",
      expect: 400,
      make: (n) => ({ ...post(valid(n)), raw: JSON.stringify(valid(n)).slice(0, 20 + (n % 200)) }),
    },
    { name: "text/plain body", expect: 415, make: (n) => post(valid(n), { "content-type": "text/plain" }) },
    {
      name: "no content type",
      expect: 415,
      make: (n) => ({ method: "POST", path: "/commitments", raw: Buffer.from(JSON.stringify(valid(n))) }),
    },
    {
      name: "charset iso-8859-1",
      expect: 415,
      make: (n) => post(valid(n), { "content-type": "application/json; charset=iso-8859-1" }),
    },
    {
      name: "300 KiB body",
      expect: 413,
      weight: 0.2,
      make: (n) => post({ ...valid(n), description: "x".repeat(300 * 1024) }),
    },
    { name: "unknown field", expect: 422, make: (n) => post({ ...valid(n), colour: `blue-${n}` }) },
    { name: "title of the wrong type", expect: 422, make: (n) => post({ ...valid(n), title: n }) },
    {
      name: "amount as a JSON number",
      expect: 422,
      make: (n) => post(withAmount(n, { currency: "USD", value: 65_000_000_000 + n, qualifier: "exact" })),
    },
    ...["-5", "0", "1e309", "65000000000.0000000001", "NaN", "Infinity", "0x10", " 12", "1,000"].map(
      (value) => ({
        name: `amount ${JSON.stringify(value)}`,
        expect: 422,
        make: (n: number) => post(withAmount(n, { currency: "USD", value, qualifier: "exact" })),
      }),
    ),
    {
      name: "low above high",
      expect: 422,
      make: (n) =>
        post(
          withAmount(n, {
            currency: "USD",
            low: `${65 + n}000000000`,
            high: "60000000000",
            qualifier: "range",
          }),
        ),
    },
    {
      name: "unknown currency",
      expect: 422,
      make: (n) => post(withAmount(n, { currency: "ABC", value: "100", qualifier: "exact" })),
    },
    { name: "unknown country", expect: 422, make: (n) => post({ ...valid(n), location: { country: "ZZ" } }) },
    ...["2025-02-30", "2025-13-01", "2025-1-1", "20250101"].map((announcedOn) => ({
      name: `impossible date ${announcedOn}`,
      expect: 422,
      make: (n: number) => post({ ...valid(n), announcedOn }),
    })),
    {
      name: "10,000-character title",
      expect: 422,
      make: (n) => post({ ...valid(n), title: "가".repeat(10_000 + n) }),
    },
    {
      name: "10,000-character excerpt",
      expect: 422,
      make: (n) =>
        post({
          ...valid(n),
          sources: [{ url: "https://www.itdonga.com/news/1", excerpt: "x".repeat(10_000 + n) }],
        }),
    },
    { name: "no source", expect: 422, make: (n) => post({ ...valid(n), sources: [] }) },
    {
      name: "javascript: source url",
      expect: 422,
      make: (n) => post({ ...valid(n), sources: [{ url: `javascript:alert(${n})` }] }),
    },
    {
      name: "51 parties",
      expect: 422,
      make: (n) =>
        post({
          ...valid(n),
          parties: Array.from({ length: 51 }, (_, i) => ({ name: `P${n}-${i}`, role: "funder" })),
        }),
    },
    {
      name: "server-set fields",
      expect: 422,
      make: (n) => post({ ...valid(n), id: `cmt_${n}`, version: 7 }),
    },
    {
      name: "top-level __proto__",
      expect: 400,
      make: (n) => ({
        ...post(valid(n)),
        raw: JSON.stringify(valid(n)).replace(/^\{/, '{"__proto__": {"polluted": "yes"}, '),
      }),
    },
    {
      name: "nested constructor.prototype",
      expect: 400,
      make: (n) => ({
        ...post(valid(n)),
        raw: JSON.stringify(valid(n)).replace(
          '"location":{',
          '"location":{"constructor":{"prototype":{"polluted":1}},',
        ),
      }),
    },
    {
      name: "deeply nested JSON",
      expect: 400,
      weight: 0.3,
      make: (n) => ({ ...post(valid(n)), raw: `${"[".repeat(50_000 + n)}${"]".repeat(50_000 + n)}` }),
    },
    {
      name: "invalid UTF-8",
      expect: [400, 422],
      make: (n) => ({
        ...post(valid(n)),
        raw: Buffer.concat([
          Buffer.from(`{"title":"`),
          Buffer.from([0xc3, 0x28, 0xff, n % 256]),
          Buffer.from(`"}`),
        ]),
      }),
    },
    {
      name: "batch of invalid items",
      expect: 200,
      make: (n) => ({
        method: "POST",
        path: "/commitments/batch",
        raw: JSON.stringify({
          items: [
            { title: n },
            withAmount(n, { currency: "USD", value: "-1", qualifier: "exact" }),
            { ...valid(n), location: { country: "ZZ" } },
          ],
        }),
        headers: json,
      }),
    },
    {
      name: "batch of 101 items",
      expect: 422,
      weight: 0.3,
      make: (n) => ({
        method: "POST",
        path: "/commitments/batch",
        raw: JSON.stringify({ items: Array.from({ length: 101 }, (_, i) => valid(n * 101 + i)) }),
        headers: json,
      }),
    },
    {
      name: "forged cursor",
      expect: 400,
      make: (n) => ({
        method: "GET",
        path: `/commitments?cursor=${Buffer.from(JSON.stringify({ pk: `KEY#${n}`, sk: "KEY" })).toString("base64url")}.${"A".repeat(43)}`,
      }),
    },
    {
      name: "truncated cursor",
      expect: 400,
      make: (n) => ({
        method: "GET",
        path: `/commitments?limit=1&sort=announcedOn&cursor=${encodeURIComponent(cursor.slice(0, -(1 + (n % 5))))}`,
      }),
    },
    {
      name: "cursor from another query",
      expect: 400,
      make: () => ({
        method: "GET",
        path: `/commitments?limit=1&sort=-amountUsd&cursor=${encodeURIComponent(cursor)}`,
      }),
    },
    { name: "unknown route", expect: 404, make: (n) => ({ ...post(valid(n)), path: `/commitmentz/${n}` }) },
    { name: "wrong method", expect: 405, make: (n) => ({ ...post(valid(n)), method: "PUT" }) },
    {
      name: "If-Match without a version",
      expect: 400,
      make: (n) => ({
        method: "PATCH",
        path: `/commitments/${target.id}`,
        raw: JSON.stringify({ status: "cancelled", tags: [`x${n}`] }),
        headers: { ...json, "if-match": "abc" },
      }),
    },
    {
      name: "PATCH without If-Match",
      expect: 428,
      make: (n) => ({
        method: "PATCH",
        path: `/commitments/${target.id}`,
        raw: JSON.stringify({ tags: [`x${n}`] }),
        headers: json,
      }),
    },
    {
      name: "PATCH of the id",
      expect: 422,
      make: (n) => ({
        method: "PATCH",
        path: `/commitments/${target.id}`,
        raw: JSON.stringify({ id: `cmt_${n}` }),
        headers: { ...json, "if-match": '"1"' },
      }),
    },
    {
      name: "non-ASCII Idempotency-Key",
      expect: 400,
      make: (n) =>
        post(valid(n), { "idempotency-key": Buffer.from(`멱등키${n}`, "utf8").toString("latin1") }),
    },
    {
      name: "unknown query parameter",
      expect: 422,
      make: (n) => ({ method: "GET", path: `/commitments?colour=blue${n}` }),
    },
    {
      name: "limit out of range",
      expect: 422,
      make: (n) => ({ method: "GET", path: `/commitments?limit=${n % 2 ? 0 : 101 + n}` }),
    },
    {
      name: "minUsd too long",
      expect: 422,
      make: () => ({ method: "GET", path: `/commitments?sort=amountUsd&minUsd=${"9".repeat(25)}` }),
    },
    {
      name: "NoSQL-looking q",
      expect: 200,
      make: (n) => ({
        method: "GET",
        path: `/commitments?q=${encodeURIComponent(`') OR 1=1 -- {"$gt": ""} ${n}`)}`,
      }),
    },
    {
      name: "party without a letter",
      expect: 404,
      make: () => ({ method: "GET", path: `/parties/${encodeURIComponent("---")}` }),
    },
    {
      name: "unknown query on a create",
      expect: 422,
      make: (n) => ({ ...post(valid(n)), path: "/commitments?force=yes" }),
    },
    {
      name: "bad API key",
      expect: 401,
      make: (n) => post(valid(n), { authorization: `Bearer ait_${"x".repeat(40 + (n % 10))}` }),
    },
    {
      name: "path traversal id",
      expect: 422,
      make: () => ({ method: "GET", path: "/commitments/..%2F..%2Fetc%2Fpasswd" }),
    },
  ];
}

export async function faultHostileFlood(cleanup: Cleanup): Promise<ScenarioResult> {
  const verdict = new Verdict(`a flood of ${REQUESTS} hostile requests`);
  const dynamodb = await startDynamo(cleanup, { path: null });
  const deps = await freshDeps(dynamodb.endpoint);
  const stack = await startStack(cleanup, deps);
  const api = httpClient(stack.url, { key: stack.adminKey, maxSockets: CONCURRENCY, timeoutMs: 60_000 });
  try {
    const target = await api("POST", "/commitments", { body: generatedCommitment(0) });
    await api("POST", "/commitments", { body: generatedCommitment(1) });
    await api("POST", "/commitments", { body: generatedCommitment(2) });
    const page = await api("GET", "/commitments?limit=1&sort=announcedOn");
    const targetBefore = await api("GET", `/commitments/${target.json.id}`);
    const before = await itemKeys(deps);
    const list = hostiles({ id: target.json.id as string }, page.json.nextCursor as string);
    // A deterministic mix by weight, each kind with its own running number so contents vary.
    const plan: Hostile[] = [];
    const totalWeight = list.reduce((sum, hostile) => sum + (hostile.weight ?? 1), 0);
    for (const hostile of list) {
      const share = Math.max(1, Math.round((REQUESTS * (hostile.weight ?? 1)) / totalWeight));
      for (let i = 0; i < share; i++) plan.push(hostile);
    }
    plan.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (let i = plan.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [plan[i], plan[j]] = [plan[j] as Hostile, plan[i] as Hostile];
    }
    const seen = new Map<string, number>();
    const byKind = new Map<string, Record<number, number>>();
    const failures: string[] = [];
    const started = performance.now();
    await mapLimit(plan, CONCURRENCY, async (hostile) => {
      const n = seen.get(hostile.name) ?? 0;
      seen.set(hostile.name, n + 1);
      const request = hostile.make(n);
      let response: HttpResult;
      try {
        response = await api(request.method, request.path, {
          ...(request.raw !== undefined ? { raw: request.raw } : {}),
          ...(request.headers ? { headers: request.headers } : {}),
        });
      } catch (error) {
        failures.push(`${hostile.name}: ${(error as Error).message}`);
        return;
      }
      const counts = byKind.get(hostile.name) ?? {};
      counts[response.status] = (counts[response.status] ?? 0) + 1;
      byKind.set(hostile.name, counts);
      if (response.status >= 500)
        failures.push(`${hostile.name}: ${response.status} ${response.text.slice(0, 200)}`);
    });
    const seconds = (performance.now() - started) / 1000;
    const statuses: Record<number, number> = {};
    for (const counts of byKind.values())
      for (const [status, n] of Object.entries(counts))
        statuses[Number(status)] = (statuses[Number(status)] ?? 0) + n;
    const unexpected = list
      .map((hostile) => ({ name: hostile.name, expect: hostile.expect, got: byKind.get(hostile.name) ?? {} }))
      .filter(({ expect, got }) =>
        Object.keys(got).some((status) => ![expect].flat().includes(Number(status))),
      );
    verdict.figures.requests = plan.length;
    verdict.figures.kinds = list.length;
    verdict.figures.requestsPerSecond = plan.length / seconds;
    verdict.figures.statuses = statuses;
    verdict.figures.unexpected = unexpected;
    const fiveXx = Object.entries(statuses).filter(([status]) => Number(status) >= 500);
    verdict.check(
      "zero 5xx, no failed request",
      fiveXx.length === 0 && failures.length === 0,
      `${plan.length} requests of ${list.length} kinds in ${Math.round(seconds)} s: ${JSON.stringify(statuses)}${failures.length ? `; ${failures.slice(0, 3).join(" | ")}` : ""}`,
    );
    const after = await itemKeys(deps);
    const added = [...after].filter((key) => !before.has(key));
    const removed = [...before].filter((key) => !after.has(key));
    const targetAfter = await api("GET", `/commitments/${target.json.id}`);
    verdict.check(
      "nothing stored: the table holds the same items, the PATCH target is unchanged",
      added.length === 0 && removed.length === 0 && targetAfter.text === targetBefore.text,
      `${before.size} items before, ${after.size} after (${added.length} added${added.length ? `: ${added.slice(0, 3).join(", ")}` : ""}, ${removed.length} removed); target ${targetAfter.text === targetBefore.text ? "unchanged" : "CHANGED"}`,
    );
    verdict.figures.unexpectedStatuses =
      unexpected.length === 0
        ? "none"
        : unexpected.map(
            ({ name, expect, got }) => `${name}: expected ${expect}, got ${JSON.stringify(got)}`,
          );
    return verdict.result();
  } finally {
    api.close();
    await stack.close();
    deps.db.destroy();
    await dynamodb.stop();
  }
}
