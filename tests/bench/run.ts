/**
 * `npm run bench`: how fast, how cheap. One run on one machine, every figure a ratio against a baseline measured
 * in the same run, or a count (capacity units, requests). Starts its own in-memory DynamoDB Locals, serves
 * everything on 127.0.0.1, stops everything it started, prints tables and writes bench-results/bench.json (and
 * bench.md, the same tables as Markdown). Exits 1 when a cold-start gate fails or a section fails.
 *
 *   node tests/bench/run.ts [ingest] [writes] [query] [http] [cold] [webhooks] [extract] [import] [--quick]
 *
 * --quick runs small sizes (a smoke run, not figures to quote); BENCH_VERBOSE=1 prints the seeding and each
 * query-cost request as it goes; BENCH_IMPORT_RECORDS sets the import's size (default 10,000; 500 with --quick).
 */
import { writeFile } from "node:fs/promises";
import { benchColdStart } from "./cold-start.ts";
import { benchExtract } from "./extract.ts";
import {
  Cleanup,
  formatTable,
  machine,
  type Row,
  resultsDir,
  stopOnSignals,
  writeResults,
} from "./harness.ts";
import { benchHttp } from "./http.ts";
import { benchImport } from "./import.ts";
import { benchIngest } from "./ingest.ts";
import { benchQueryCost } from "./query-cost.ts";
import { benchWebhooks } from "./webhooks.ts";
import { benchWrites } from "./writes.ts";

const SECTIONS = ["ingest", "writes", "query", "http", "cold", "webhooks", "extract", "import"] as const;
type Section = (typeof SECTIONS)[number];
/** The whole run is bounded: past this it stops what it started and exits 2. */
const TIME_LIMIT_MS = 30 * 60_000;

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const unknown = args.filter((arg) => arg !== "--quick" && !SECTIONS.includes(arg as Section));
if (unknown.length > 0) {
  console.error(
    `unknown argument(s): ${unknown.join(" ")}; sections are ${SECTIONS.join(", ")}, plus --quick`,
  );
  process.exit(64);
}
const chosen = args.filter((arg): arg is Section => SECTIONS.includes(arg as Section));
const run = new Set<Section>(chosen.length > 0 ? chosen : SECTIONS);

const importRecords = Number(process.env.BENCH_IMPORT_RECORDS ?? (quick ? 500 : 10_000));
const sizes = quick
  ? { ingest: 200, query: [200, 2_000] as [number, number], httpSeconds: 3, coldRuns: 3, events: 100 }
  : { ingest: 2_000, query: [1_000, 10_000] as [number, number], httpSeconds: 8, coldRuns: 9, events: 1_000 };

const cleanup = new Cleanup();
stopOnSignals(cleanup);
const watchdog = setTimeout(() => {
  console.error(`the bench ran past ${TIME_LIMIT_MS / 60_000} minutes: stopping`);
  void cleanup.run().finally(() => process.exit(2));
}, TIME_LIMIT_MS);
watchdog.unref();

const tables: string[] = [];
const markdown: string[] = [];
function show(title: string, rows: readonly Row[]): void {
  const text = formatTable(title, rows);
  tables.push(text);
  markdown.push(toMarkdown(title, rows));
  console.log(text);
}

function toMarkdown(title: string, rows: readonly Row[]): string {
  if (rows.length === 0) return `**${title}**: no rows\n`;
  const columns = Object.keys(rows[0] as Row);
  const cell = (value: Row[string] | undefined) =>
    value === null || value === undefined
      ? "—"
      : typeof value === "number"
        ? String(Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100)
        : String(value).replaceAll("|", "\\|");
  return [
    `**${title}**`,
    "",
    `| ${columns.join(" | ")} |`,
    `| ${columns.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${columns.map((column) => cell(row[column])).join(" | ")} |`),
    "",
  ].join("\n");
}

async function main(): Promise<number> {
  const started = performance.now();
  const report: Record<string, unknown> = {
    command: `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`,
    machine: machine(),
  };
  const failures: string[] = [];
  console.log(
    `bench: ${[...run].join(", ")}${quick ? " (quick)" : ""} on ${JSON.stringify(report.machine)}\n`,
  );

  const section = async <T>(name: Section, work: () => Promise<T>): Promise<T | undefined> => {
    if (!run.has(name)) return undefined;
    const at = performance.now();
    try {
      const result = await work();
      console.log(`(${name}: ${Math.round((performance.now() - at) / 1000)} s)\n`);
      return result;
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      console.error(`${name} failed:`, error);
      return undefined;
    }
  };

  const ingest = await section("ingest", () => benchIngest(cleanup, sizes.ingest));
  if (ingest) {
    show(`1. Ingest: ${ingest.records} commitments over loopback HTTP, one client`, ingest.rows);
    report.ingest = ingest;
  }

  const writes = await section("writes", () => benchWrites(cleanup));
  if (writes) {
    show(
      "8. Writes: items and write units per record, against the minimum (the record and its revision)",
      writes.rows,
    );
    show("8. Writes: every item a record writes, and why", writes.kinds);
    report.writes = writes;
    for (const row of writes.kinds)
      if (row.why === "UNACCOUNTED")
        failures.push(`writes: ${row.scenario} writes an unaccounted ${row.item} item`);
  }

  const query = await section("query", () =>
    benchQueryCost(cleanup, sizes.query, { keepLarge: run.has("http") }),
  );
  if (query) {
    const [small, large] = query.sizes;
    show(
      `2. Query cost: read capacity units of one request (one 25-item page), ${small} vs ${large} commitments`,
      query.rows,
    );
    show(
      `2. Query cost: the aggregate partitions totals read (items, billed size, measure columns), ${small} vs ${large}`,
      query.aggregates,
    );
    const { kept, ...rest } = query;
    report.queryCost = rest;
    failures.push(...query.failures.map((failure) => `query: ${failure}`));
  }

  const http = await section("http", async () => {
    const ledger =
      query?.kept ??
      (await benchQueryCost(cleanup, [sizes.query[0], sizes.query[0]], { keepLarge: true })).kept;
    if (!ledger) throw new Error("no ledger to run against");
    try {
      return await benchHttp(cleanup, ledger.deps, { seconds: sizes.httpSeconds });
    } finally {
      await ledger.stop();
    }
  });
  if (http) {
    show(
      `4. HTTP: autocannon, ${http.connections} connections, ${http.rounds} alternating rounds of ${http.seconds / 2} s each`,
      http.rows,
    );
    show(
      "4. HTTP: our overhead (ours ÷ baseline; rps below 1 and latency above 1 are slower)",
      http.overhead.map((entry) => ({
        route: entry.route,
        "rps ratio": entry.rps,
        "p50 ratio": entry.p50,
        "p99 ratio": entry.p99,
      })),
    );
    show("4. HTTP: our own work on one 25-item page of the listing (median ms)", [
      {
        "validate (entries → records)": http.ownWork.validateMs,
        "serialise (JSON body)": http.ownWork.serialiseMs,
        "listing p50": http.ownWork.listP50Ms,
        "share of p50": (http.ownWork.validateMs + http.ownWork.serialiseMs) / http.ownWork.listP50Ms,
      },
    ]);
    report.http = http;
    failures.push(...http.failures.map((failure) => `http: ${failure}`));
  }

  const cold = await section("cold", () => benchColdStart(sizes.coldRuns));
  if (cold) {
    show(`3. Cold start: bundles as SST ships them, median of ${cold.runs} fresh node processes`, cold.rows);
    show("3. Cold start: summary", cold.summary);
    show(`3. Cold start: what ${cold.breakdown.handler} holds beyond the baseline`, cold.breakdown.rows);
    show(
      "3. Cold start: gates (ratios against the baseline)",
      cold.gates.map((gate) => ({
        gate: gate.gate,
        ratio: gate.ratio,
        limit: gate.limit,
        "": gate.pass ? "PASS" : "FAIL",
      })),
    );
    show(
      "3. Cold start: our own code, against the client bundled with the same credential trim (not gated)",
      cold.againstTrimmed,
    );
    report.coldStart = cold;
    for (const gate of cold.gates.filter((entry) => !entry.pass))
      failures.push(
        `cold: ${gate.gate} is ${gate.ratio}, over ${gate.limit}${gate.gate.startsWith("every") ? ` (the baseline is ${Math.round(cold.baseline.kb)} KB; over: ${cold.overLimit.join(", ")})` : ""}`,
      );
  }

  const webhooks = await section("webhooks", () => benchWebhooks(cleanup, sizes.events));
  if (webhooks) {
    show(`5. Webhooks: ${webhooks.events} events × ${webhooks.subscriptions} subscriptions`, webhooks.rows);
    report.webhooks = webhooks;
    if (!webhooks.exactlyOnce)
      failures.push(`webhooks: not every delivery arrived exactly once (${webhooks.problem})`);
  }

  const extraction = await section("extract", benchExtract);
  if (extraction) {
    for (const table of extraction) show(`6. ${table.title}`, table.rows);
    report.extract = extraction;
  }

  const imported = await section("import", () => benchImport(cleanup, importRecords));
  if (imported) {
    show(`7. Import: ${imported.records} commitments from a CSV export, against its floor`, imported.rows);
    report.import = imported;
    failures.push(...imported.failures.map((failure) => `import: ${failure}`));
  }

  report.seconds = (performance.now() - started) / 1000;
  report.failures = failures;
  const file = await writeResults("bench", report);
  await writeFile(
    new URL("bench.md", resultsDir),
    `Command: \`${report.command}\` — ${JSON.stringify(report.machine)}\n\n${markdown.join("\n")}`,
  );
  await writeFile(new URL("bench.txt", resultsDir), tables.join("\n"));
  console.log(
    `wrote ${file}, bench-results/bench.md and bench.txt in ${Math.round(report.seconds as number)} s`,
  );
  for (const failure of failures) console.error(`FAIL ${failure}`);
  return failures.length > 0 ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error("bench failed:", error);
} finally {
  await cleanup.run();
  clearTimeout(watchdog);
}
process.exit(code);
