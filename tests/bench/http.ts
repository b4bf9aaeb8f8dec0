/**
 * Bench 4, HTTP: autocannon against the local stack (the deployed handlers behind the local API Gateway) for
 * `GET /commitments/{id}` and a filtered `GET /commitments`, and against baseline handlers on a bare node:http
 * server in the same process that send the bare GetItem / Query with the same DocumentClient. A second list
 * baseline also fetches the page's records with BatchGetItem, as the listing does, to separate the design's second
 * round trip from the rest of the overhead (the listing no longer makes it: its entries carry the records). The
 * filtered listing is gated against the bare Query; our own validating and serialising of a page is timed apart.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import autocannon from "autocannon";
import { recordOfEntry } from "../../shared/commitments/items.ts";
import { listQuery } from "../../shared/commitments/listing.ts";
import { listingQuery } from "../../shared/commitments/reads.ts";
import type { Deps } from "../../shared/deps.ts";
import { keys } from "../../shared/table/keys.ts";
import { queryInput } from "../../shared/table/query.ts";
import {
  assertLoopback,
  type Cleanup,
  type HttpResult,
  httpClient,
  median,
  type Row,
  startStack,
} from "./harness.ts";

/** One partition, no FilterExpression: the bare Query with Limit 25 returns the same 25 entries. */
const LIST_QUERY = "country=KR";
/** The filtered listing against the bare Query: at least this share of its requests/s, at most this p50 ratio. */
export const LIST_GATES = { rps: 0.8, p50: 1.3 };

export interface HttpFigure {
  target: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

export interface HttpBenchResult {
  connections: number;
  /** Each target is measured in `rounds` alternating rounds of `seconds` ÷ 2 each. */
  seconds: number;
  rounds: number;
  list: string;
  figures: HttpFigure[];
  /** ours ÷ baseline: rps (below 1 is slower) and p50 / p99 latency (above 1 is slower). */
  overhead: { route: string; rps: number; p50: number; p99: number }[];
  /** Our own work on one page of the listing, in ms (median of many), beside the listing's p50. */
  ownWork: { validateMs: number; serialiseMs: number; listP50Ms: number };
  rows: Row[];
  failures: string[];
}

/** Median ms of validating (entry → record) and serialising (JSON body) one page of the listing's own entries. */
async function timeOwnWork(deps: Deps, query: ReturnType<typeof queryInput>) {
  const { Items: raw = [] } = await deps.db.send(new QueryCommand({ ...query, Limit: 25 }));
  const entries = raw.map((item) => unmarshall(item));
  const validate: number[] = [];
  const serialise: number[] = [];
  for (let run = 0; run < 200; run++) {
    const at = performance.now();
    const items = entries.map(recordOfEntry);
    const parsed = performance.now();
    JSON.stringify({ items, nextCursor: null });
    validate.push(parsed - at);
    serialise.push(performance.now() - parsed);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1] as number;
  return { validateMs: median(validate), serialiseMs: median(serialise) };
}

const baselineQuery = (deps: Deps) =>
  queryInput(
    deps.tableName,
    listingQuery(listQuery.parse(Object.fromEntries(new URLSearchParams(LIST_QUERY)))),
  );

/** The bare handlers: one GetItem, one Query (and, for `/bare-list-records`, one BatchGetItem), JSON out. */
async function startBaseline(cleanup: Cleanup, deps: Deps): Promise<string> {
  const query = baselineQuery(deps);
  const answer = (response: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
    });
    response.end(text);
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0] as string;
    if (path.startsWith("/bare-get/")) {
      const { Item } = await deps.db.send(
        new GetCommand({ TableName: deps.tableName, Key: keys.commitment(path.slice("/bare-get/".length)) }),
      );
      return answer(response, Item ? 200 : 404, Item ?? { message: "not found" });
    }
    const { Items: raw = [] } = await deps.db.send(new QueryCommand({ ...query, Limit: 25 }));
    const Items = raw.map((item) => unmarshall(item));
    if (path === "/bare-list") return answer(response, 200, { items: Items });
    const { Responses } = await deps.db.send(
      new BatchGetCommand({
        RequestItems: {
          [deps.tableName]: {
            Keys: Items.map((item) => keys.commitment((item.record as { id: string }).id)),
          },
        },
      }),
    );
    return answer(response, 200, { items: Responses?.[deps.tableName] ?? [] });
  };
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      handle(request, response).catch((error: unknown) => answer(response, 500, { message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanup.add(
    `baseline server ${url}`,
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return assertLoopback(url);
}

interface CannonTarget {
  target: string;
  url: string;
  paths: () => string;
}

/** Rounds each target is measured in, alternating, after a warm-up each. */
const ROUNDS = 4;

/**
 * Autocannon against each target in turn, in alternating rounds after a warm-up each, so that drift on a shared
 * machine (the JIT, the collector, DynamoDB Local's own state) falls on every target alike instead of on whichever
 * ran last. A target's figure sums its rounds: requests/s over all of them, p50 and p99 the median of the rounds'.
 */
async function cannonRounds(
  targets: readonly CannonTarget[],
  options: { connections: number; seconds: number },
): Promise<HttpFigure[]> {
  const run = (target: CannonTarget, seconds: number) =>
    autocannon({
      url: assertLoopback(target.url),
      connections: options.connections,
      duration: seconds,
      requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: target.paths() }) }],
    });
  for (const target of targets) await run(target, 2); // warm-up, discarded
  const rounds = targets.map(() => [] as autocannon.Result[]);
  for (let round = 0; round < ROUNDS; round++)
    for (const [position, target] of targets.entries())
      rounds[position]?.push(await run(target, options.seconds / 2));
  return targets.map((target, position) => {
    const results = rounds[position] ?? [];
    const sum = (value: (result: autocannon.Result) => number) =>
      results.reduce((total, result) => total + value(result), 0);
    const requests = sum((result) => result.requests.total);
    return {
      target: target.target,
      requestsPerSecond: requests / sum((result) => result.duration),
      p50: median(results.map((result) => result.latency.p50)),
      p99: median(results.map((result) => result.latency.p99)),
      errors: sum((result) => result.errors + result.timeouts),
      non2xx: sum((result) => result.non2xx),
      requests,
    };
  });
}

export async function benchHttp(
  cleanup: Cleanup,
  deps: Deps,
  options: { connections?: number; seconds?: number } = {},
): Promise<HttpBenchResult> {
  const settings = { connections: options.connections ?? 10, seconds: options.seconds ?? 8 };
  const stack = await startStack(cleanup, deps);
  const baseline = await startBaseline(cleanup, deps);
  const client = httpClient(stack.url);
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: HttpResult = await client(
      "GET",
      `/commitments?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    ids.push(...(page.json.items as { id: string }[]).map((item) => item.id));
    cursor = page.json.nextCursor;
  } while (cursor && ids.length < 500);
  client.close();
  let next = 0;
  const anyId = () => ids[next++ % ids.length] as string;

  const figures = [
    ...(await cannonRounds(
      [
        { target: "ours: GET /commitments/{id}", url: stack.url, paths: () => `/commitments/${anyId()}` },
        { target: "baseline: GetItem", url: baseline, paths: () => `/bare-get/${anyId()}` },
      ],
      settings,
    )),
    ...(await cannonRounds(
      [
        {
          target: `ours: GET /commitments?${LIST_QUERY}`,
          url: stack.url,
          paths: () => `/commitments?${LIST_QUERY}`,
        },
        { target: "baseline: Query (25)", url: baseline, paths: () => "/bare-list" },
        { target: "baseline: Query + BatchGet (25)", url: baseline, paths: () => "/bare-list-records" },
      ],
      settings,
    )),
  ];
  await stack.close();
  const [get, bareGet, list, bareList, bareListRecords] = figures as [
    HttpFigure,
    HttpFigure,
    HttpFigure,
    HttpFigure,
    HttpFigure,
  ];
  const versus = (route: string, ours: HttpFigure, base: HttpFigure) => ({
    route,
    rps: ours.requestsPerSecond / base.requestsPerSecond,
    p50: ours.p50 / base.p50,
    p99: ours.p99 / base.p99,
  });
  const overhead = [
    versus("GET /commitments/{id} vs GetItem", get, bareGet),
    versus("GET /commitments (filtered) vs Query", list, bareList),
    versus("GET /commitments (filtered) vs Query + BatchGet", list, bareListRecords),
  ];
  const ownWork = { ...(await timeOwnWork(deps, baselineQuery(deps))), listP50Ms: list.p50 };
  const listing = overhead[1] as HttpBenchResult["overhead"][number];
  const failures = [
    ...(listing.rps < LIST_GATES.rps
      ? [
          `filtered listing serves ${listing.rps.toFixed(2)}× a bare Query's requests/s (gate ≥ ${LIST_GATES.rps}×)`,
        ]
      : []),
    ...(listing.p50 > LIST_GATES.p50
      ? [`filtered listing p50 is ${listing.p50.toFixed(2)}× a bare Query's (gate ≤ ${LIST_GATES.p50}×)`]
      : []),
  ];
  const rows = figures.map(
    (figure): Row => ({
      target: figure.target,
      "req/s": figure.requestsPerSecond,
      "p50 ms": figure.p50,
      "p99 ms": figure.p99,
      requests: figure.requests,
      "errors+non2xx": figure.errors + figure.non2xx,
    }),
  );
  return {
    connections: settings.connections,
    seconds: settings.seconds,
    rounds: ROUNDS,
    list: LIST_QUERY,
    figures,
    overhead,
    ownWork,
    rows,
    failures,
  };
}
