/**
 * Bench 2, query cost: DynamoDB read capacity (ReturnConsumedCapacity TOTAL, summed over every call a request
 * makes, BatchGetItem included) of one page of each listing filter and sort, of GET /totals and of a weekly
 * summary, on ledgers of two sizes with the same shape. Requests go through the local stack's router and the
 * deployed handlers in this process (no sockets: capacity does not depend on them).
 */

import { type AttributeValue, QueryCommand } from "@aws-sdk/client-dynamodb";
import { type LocalApp, loadApp } from "../../infra/local/app.ts";
import { type BatchOutcome, createCommitments } from "../../shared/commitments/batch.ts";
import { listQuery } from "../../shared/commitments/listing.ts";
import { listingQuery } from "../../shared/commitments/reads.ts";
import type { Deps } from "../../shared/deps.ts";
import { AGGREGATE_DIMENSIONS, ALL_TIME_DIMENSIONS, isColumn } from "../../shared/domain/aggregates.ts";
import { recordRate } from "../../shared/store/fx-rates.ts";
import { batchGet } from "../../shared/table/batch-get.ts";
import { keys } from "../../shared/table/keys.ts";
import { countingDeps } from "../support/counting.ts";
import { itemSize, queryReadUnits, storedItemSize } from "./capacity.ts";
import { eurRate, FUNDERS, generatedCommitments, KEYWORD } from "./generate.ts";
import { type Cleanup, freshDeps, type Row, startDynamo } from "./harness.ts";

/** Bulk records are booked on these 10 days of 2024; the measured week holds `WEEK_RECORDS` of its own. */
const BULK_DAYS = Array.from(
  { length: 10 },
  (_, index) => `2024-03-${String(index + 4).padStart(2, "0")}T12:00:00Z`,
);
const WEEK = "2025-W05";
const WEEK_DAY = "2025-01-29T10:00:00Z";
const WEEK_RECORDS = 50;
/** When the summary is generated: after the week, so it is final and stored. */
const SUMMARY_NOW = "2025-02-10T08:00:00Z";

const funder = encodeURIComponent(FUNDERS[2] as string);

export const LISTINGS: { name: string; query: string }[] = [
  { name: "no filter, sort=-announcedOn (default)", query: "" },
  { name: "no filter, sort=announcedOn", query: "sort=announcedOn" },
  { name: "no filter, sort=-amountUsd", query: "sort=-amountUsd" },
  { name: "no filter, sort=amountUsd", query: "sort=amountUsd" },
  { name: "party", query: `party=${funder}` },
  { name: "party, sort=-amountUsd", query: `party=${funder}&sort=-amountUsd` },
  { name: "country", query: "country=KR" },
  { name: "category", query: "category=energy" },
  { name: "status", query: "status=operational" },
  { name: "confidence", query: "confidence=estimate" },
  { name: "from + to (half a year)", query: "from=2024-01-01&to=2024-06-30" },
  { name: "from", query: "from=2025-07-01" },
  { name: "to", query: "to=2023-06-30" },
  { name: "minUsd (~10% match, filter)", query: "minUsd=300000000000" },
  { name: "maxUsd (~10% match, filter)", query: "maxUsd=30000000" },
  { name: "minUsd, sort=-amountUsd (key range)", query: "minUsd=300000000000&sort=-amountUsd" },
  { name: `q=${KEYWORD} (~10% match, filter)`, query: `q=${KEYWORD}` },
  { name: "country + category", query: "country=US&category=compute" },
  { name: "status + from (filter on date)", query: "status=delayed&from=2024-01-01&sort=-amountUsd" },
];

export const TOTALS: { name: string; query: string }[] = [
  ...["country", "category", "party", "year", "status", "currency"].map((groupBy) => ({
    name: `groupBy=${groupBy}`,
    query: `groupBy=${groupBy}`,
  })),
  { name: "groupBy=country, country=US, 2024", query: "groupBy=country&country=US&from=2024-01&to=2024-12" },
  { name: "groupBy=party, one party", query: `groupBy=party&party=${funder}` },
  { name: "groupBy=country, includeEstimates=false", query: "groupBy=country&includeEstimates=false" },
];

export interface Measured {
  readUnits: number;
  calls: number;
  status: number;
  items: number | null;
  /** Listings: the read units of one Query returning just the page's records as stored (their record items). */
  minimumReadUnits?: number | undefined;
}

/** A listing page whose filters are all key conditions must cost at most this many times its minimum. */
export const LISTING_RCU_LIMIT = 1.25;
/**
 * Totals and summaries read a flat number of items: larger ÷ smaller ledger at most this. Gated from 1,000
 * commitments up, where the generated ledger fills every group's months (a quick run's 200 do not).
 */
export const FLAT_COST_LIMIT = 1.05;
const FLAT_COST_FROM = 1_000;

/** Whether a listing's filters are all key conditions (no FilterExpression): one Query reads just its page. */
function keyConditionsOnly(query: string): boolean {
  return listingQuery(listQuery.parse(Object.fromEntries(new URLSearchParams(query)))).filter === undefined;
}

/** The floor of a page: one Query returning exactly its records, as large as their record items. */
async function minimumReadUnits(deps: Deps, json: unknown): Promise<number | undefined> {
  const items = (json as { items?: { id?: unknown }[] })?.items;
  if (!Array.isArray(items)) return undefined;
  const stored = await batchGet(
    deps,
    items.map((item) => keys.commitment(String(item.id))),
  );
  return queryReadUnits(stored.map(itemSize));
}

export interface QueryCostCase {
  kind: "listing" | "totals" | "summary";
  name: string;
  request: string;
  small: Measured;
  large: Measured;
  /** large ÷ small read units. */
  ratio: number;
  /** Listings: read units ÷ their minimum on the larger ledger, and whether the limit applies (key conditions only). */
  overMinimum?: number | undefined;
  gated?: boolean | undefined;
}

/** One aggregate partition (what a `GET /totals` grouped by its dimension reads) on one ledger. */
export interface AggregatePartition {
  partition: string;
  items: number;
  bytes: number;
  /** Measure columns per item, on average. */
  columnsPerItem: number;
}

export interface QueryCostResult {
  sizes: [number, number];
  /** Each aggregate partition on the smaller and the larger ledger: why totals read more on the larger. */
  aggregates: Row[];
  /** The larger ledger and its DynamoDB Local, still running when asked for (the HTTP bench runs against it). */
  kept?: { deps: Deps; stop: () => Promise<void> } | undefined;
  seedSeconds: [number, number];
  cases: QueryCostCase[];
  rows: Row[];
  /** Gates missed: listing pages over their read floor. */
  failures: string[];
}

/** A ledger of `size` generated commitments (+ the measured week's own), seeded through the store directly. */
async function seedLedger(endpoint: string, size: number): Promise<Deps> {
  // Nothing reads its stream, which would only slow the seeding (see ensureTable).
  const deps = await freshDeps(endpoint, { stream: false });
  await recordRate(deps, "EUR", eurRate.date, eurRate.input, "bench");
  const items = generatedCommitments(size);
  const refused: string[] = [];
  const check = (results: BatchOutcome[]) => {
    for (const result of results)
      if (result.result !== "created") refused.push(`${result.error.status} ${result.error.message}`);
  };
  for (let start = 0, batch = 0; start < size; start += 100, batch++) {
    const day = new Date(BULK_DAYS[batch % BULK_DAYS.length] as string);
    const at = performance.now();
    check(await createCommitments({ ...deps, now: () => day }, items.slice(start, start + 100)));
    if (process.env.BENCH_VERBOSE)
      console.log(`  seeded ${start + 100}/${size}: ${Math.round(performance.now() - at)} ms`);
  }
  const week = generatedCommitments(WEEK_RECORDS, { from: size });
  check(await createCommitments({ ...deps, now: () => new Date(WEEK_DAY) }, week));
  if (refused.length > 0)
    throw new Error(`seeding refused ${refused.length} records: ${refused.slice(0, 3).join("; ")}`);
  return deps;
}

async function measure(
  deps: Deps,
  method: string,
  url: string,
  body?: unknown,
): Promise<Measured & { json: unknown }> {
  const at = performance.now();
  const counting = countingDeps({ ...deps, now: () => new Date(SUMMARY_NOW) });
  const app: LocalApp = await loadApp({ deps: counting.deps });
  const result = await app.handle({
    method,
    url,
    headers: [
      ["host", "127.0.0.1"],
      ["authorization", `Bearer ${deps.adminKey}`],
      ...(body === undefined ? [] : ([["content-type", "application/json"]] as const)),
    ],
    body: body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)),
    sourceIp: "127.0.0.1",
    protocol: "HTTP/1.1",
  });
  if (process.env.BENCH_VERBOSE) console.log(`  ${method} ${url}: ${Math.round(performance.now() - at)} ms`);
  const json = result.body ? (JSON.parse(result.body) as unknown) : undefined;
  const items = Array.isArray((json as { items?: unknown[] })?.items)
    ? ((json as { items: unknown[] }).items.length ?? null)
    : Array.isArray((json as { groups?: unknown[] })?.groups)
      ? (json as { groups: unknown[] }).groups.length
      : null;
  return {
    readUnits: counting.readCapacity(),
    calls: counting.sent.length,
    status: result.statusCode ?? 0,
    items,
    json,
  };
}

/**
 * Every aggregate partition of a ledger as stored: its items, their billed size and their measure columns. Read raw
 * (not through queryAll), since the billed size counts each number by the digits it is stored with.
 */
async function aggregatePartitions(deps: Deps): Promise<AggregatePartition[]> {
  const partitions: AggregatePartition[] = [];
  const pks = [
    ...AGGREGATE_DIMENSIONS.map((dimension) => keys.aggregatePartition(dimension)),
    ...[...ALL_TIME_DIMENSIONS].map((dimension) => keys.aggregateAllTimePartition(dimension)),
  ];
  for (const partition of pks) {
    let items = 0;
    let bytes = 0;
    let columns = 0;
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await deps.db.send(
        new QueryCommand({
          TableName: deps.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": { S: partition } },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        items++;
        bytes += storedItemSize(item);
        columns += Object.keys(item).filter(isColumn).length;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    partitions.push({ partition, items, bytes, columnsPerItem: items === 0 ? 0 : columns / items });
  }
  return partitions;
}

async function measureAll(deps: Deps) {
  const out: { kind: QueryCostCase["kind"]; name: string; request: string; measured: Measured }[] = [];
  const keep = ({ json, ...measured }: Measured & { json: unknown }) => measured;
  for (const listing of LISTINGS) {
    const request = `/commitments${listing.query ? `?${listing.query}` : ""}`;
    const measured = await measure(deps, "GET", request);
    out.push({
      kind: "listing",
      name: listing.name,
      request,
      measured: { ...keep(measured), minimumReadUnits: await minimumReadUnits(deps, measured.json) },
    });
  }
  for (const totals of TOTALS) {
    const request = `/totals?${totals.query}`;
    out.push({
      kind: "totals",
      name: totals.name,
      request,
      measured: keep(await measure(deps, "GET", request)),
    });
  }
  const generate = await measure(deps, "POST", "/summaries", { period: "weekly", key: WEEK });
  const counted = (generate.json as { newCommitments?: unknown[] })?.newCommitments;
  out.push({
    kind: "summary",
    name: `generate weekly ${WEEK}`,
    request: `POST /summaries {"period":"weekly","key":"${WEEK}"}`,
    measured: { ...keep(generate), items: Array.isArray(counted) ? counted.length : generate.items },
  });
  const regenerate = await measure(deps, "POST", "/summaries", { period: "weekly", key: WEEK });
  out.push({
    kind: "summary",
    name: `regenerate weekly ${WEEK} (unchanged)`,
    request: `POST /summaries {"period":"weekly","key":"${WEEK}"}`,
    measured: keep(regenerate),
  });
  const read = await measure(deps, "GET", `/summaries/weekly/${WEEK}`);
  out.push({
    kind: "summary",
    name: `read weekly ${WEEK}`,
    request: `/summaries/weekly/${WEEK}`,
    measured: keep(read),
  });
  return out;
}

export async function benchQueryCost(
  cleanup: Cleanup,
  sizes: [number, number] = [1_000, 10_000],
  options: { keepLarge?: boolean } = {},
): Promise<QueryCostResult> {
  const seedSeconds: number[] = [];
  const measured = [];
  const partitions: AggregatePartition[][] = [];
  let kept: QueryCostResult["kept"];
  for (const [index, size] of sizes.entries()) {
    // A DynamoDB Local per ledger: writes to a streamed table slow down once another streamed table has many.
    const dynamodb = await startDynamo(cleanup, { path: null });
    const started = performance.now();
    const deps = await seedLedger(dynamodb.endpoint, size);
    seedSeconds.push((performance.now() - started) / 1000);
    measured.push(await measureAll(deps));
    partitions.push(await aggregatePartitions(deps));
    const stop = async () => {
      deps.db.destroy();
      await dynamodb.stop();
    };
    if (options.keepLarge && index === sizes.length - 1) kept = { deps, stop };
    else await stop();
  }
  const [small = [], large = []] = measured;
  const cases: QueryCostCase[] = small.map((entry, index) => {
    const other = large[index] as (typeof large)[number];
    const minimum = other.measured.minimumReadUnits;
    return {
      kind: entry.kind,
      name: entry.name,
      request: entry.request,
      small: entry.measured,
      large: other.measured,
      ratio: other.measured.readUnits / entry.measured.readUnits,
      ...(minimum === undefined
        ? {}
        : {
            overMinimum: other.measured.readUnits / minimum,
            gated: keyConditionsOnly(entry.request.split("?")[1] ?? ""),
          }),
    };
  });
  const flatGated = sizes[0] >= FLAT_COST_FROM;
  const failures = cases.flatMap((entry) => {
    if (entry.gated && (entry.overMinimum ?? 0) > LISTING_RCU_LIMIT)
      return [
        `listing "${entry.name}" reads ${entry.overMinimum?.toFixed(2)}× its minimum (limit ${LISTING_RCU_LIMIT}×)`,
      ];
    if (flatGated && entry.kind !== "listing" && !(entry.ratio <= FLAT_COST_LIMIT))
      return [
        `${entry.kind} "${entry.name}" reads ${entry.ratio.toFixed(2)}× as much on the larger ledger (limit ${FLAT_COST_LIMIT}×)`,
      ];
    return [];
  });
  const [a, b] = sizes;
  const rows = cases.map(
    (entry): Row => ({
      kind: entry.kind,
      case: entry.name,
      [`RCU @${a}`]: entry.small.readUnits,
      [`RCU @${b}`]: entry.large.readUnits,
      ratio: entry.ratio,
      [`calls @${a}/@${b}`]: `${entry.small.calls}/${entry.large.calls}`,
      [`items @${a}/@${b}`]: `${entry.small.items ?? "—"}/${entry.large.items ?? "—"}`,
      [`min RCU @${b}`]: entry.large.minimumReadUnits ?? null,
      "÷ min": entry.overMinimum ?? null,
      gate:
        entry.kind === "listing"
          ? entry.gated
            ? `÷ min ≤ ${LISTING_RCU_LIMIT}`
            : "none (filter)"
          : flatGated
            ? `ratio ≤ ${FLAT_COST_LIMIT}`
            : `none (< ${FLAT_COST_FROM})`,
      status:
        entry.small.status === entry.large.status
          ? entry.small.status
          : `${entry.small.status}/${entry.large.status}`,
    }),
  );
  const [smallPartitions = [], largePartitions = []] = partitions;
  const aggregates = smallPartitions.map((small, index): Row => {
    const large = largePartitions[index] as AggregatePartition;
    return {
      partition: small.partition,
      [`items @${a}`]: small.items,
      [`items @${b}`]: large.items,
      [`KB @${a}`]: small.bytes / 1024,
      [`KB @${b}`]: large.bytes / 1024,
      "KB ratio": large.bytes / small.bytes,
      [`columns/item @${a}`]: small.columnsPerItem,
      [`columns/item @${b}`]: large.columnsPerItem,
    };
  });
  return { sizes, aggregates, kept, seedSeconds: seedSeconds as [number, number], cases, rows, failures };
}
