/**
 * SPEC 10 end to end: a generated ledger of 1,000 records (parts, USD, EUR and KRW, Korean text, a formula-like
 * title, capacity, periods, sources with their own figures) exported from one local stack and imported with
 * `npm run import` into empty ones gives the same records, sources, figures and totals; a dry run names each bad
 * row and writes nothing; an import killed midway and run again ends with each record exactly once. Each ledger
 * has a DynamoDB Local of its own and a table without its stream, which nothing here reads: DynamoDB Local's
 * stream slows every write as its records pile up (infra/local/table.ts), and these ledgers hold thousands of items.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Commitment } from "../../shared/commitments/schema.ts";
import { recordRate } from "../../shared/store/fx-rates.ts";
import { eurRate, generatedLedgerRecord, krwRate, partOf } from "../bench/generate.ts";
import { Cleanup, freshDeps, type Stack, startDynamo, startStack } from "../bench/harness.ts";
import { client } from "../support/http.ts";

type TestStack = Stack;

const RECORDS = 1000;
const CLI = join(import.meta.dirname, "../../shared/import/cli.ts");

let dir: string;
const cleanup = new Cleanup();
let source: TestStack;
let csvFile: string;
/** The empty ledger of the dry run, imported into (killed and rerun) by the next test. */
let target: TestStack;
let jsonlFile: string;

/** An empty ledger with the generated ledger's rates, on a DynamoDB Local of its own. */
async function emptyLedger(): Promise<TestStack> {
  const dynamodb = await startDynamo(cleanup, { path: null });
  const deps = await freshDeps(dynamodb.endpoint, { stream: false });
  cleanup.add("DynamoDB client", () => deps.db.destroy());
  await recordRate(deps, "EUR", eurRate.date, eurRate.input, "test");
  await recordRate(deps, "KRW", krwRate.date, krwRate.input, "test");
  return startStack(cleanup, deps);
}

/** Writes the generated ledger through the batch API: wholes first, then the parts naming them. */
async function fill(stack: TestStack): Promise<void> {
  const api = client(stack.url, stack.adminKey);
  const ids: string[] = [];
  for (const parts of [false, true]) {
    const indexes = Array.from({ length: RECORDS }, (_, index) => index).filter(
      (index) => (partOf(index) !== undefined) === parts,
    );
    for (let start = 0; start < indexes.length; start += 100) {
      const chunk = indexes.slice(start, start + 100);
      const items = chunk.map((index) => {
        const whole = partOf(index);
        return { ...generatedLedgerRecord(index), ...(whole === undefined ? {} : { parentId: ids[whole] }) };
      });
      const response = await api("POST", "/commitments/batch", { body: { items } });
      const results = response.json.results as { id?: string; error?: unknown }[];
      const failed = results.filter((result) => !result.id);
      if (failed.length > 0) throw new Error(`the ledger could not be made: ${JSON.stringify(failed[0])}`);
      chunk.forEach((index, at) => {
        ids[index] = results[at]?.id as string;
      });
    }
  }
}

/** The whole export, following `Link: rel="next"` to the end. */
async function exported(stack: TestStack, format: "csv" | "jsonl"): Promise<string> {
  let next: string | undefined = `/commitments?format=${format}`;
  const parts: string[] = [];
  while (next) {
    const response = await fetch(`${stack.url}${next}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    parts.push(parts.length > 0 && format === "csv" ? text.replace(/^\uFEFF[^\n]*\n/, "") : text);
    next = /<([^>]+)>; rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
  }
  return parts.join("");
}

async function records(stack: TestStack): Promise<Commitment[]> {
  const text = await exported(stack, "jsonl");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Commitment);
}

async function totals(stack: TestStack): Promise<unknown[]> {
  const api = client(stack.url);
  return Promise.all(
    ["country", "currency", "party", "year", "status", "category"].map(
      async (groupBy) => (await api("GET", `/totals?groupBy=${groupBy}`)).json,
    ),
  );
}

/** A record as a reader compares it: everything but its id, its whole by title, its times and version. */
function comparable(record: Commitment, titles: Map<string, string>) {
  const { id, parentId, createdAt, updatedAt, version, ...rest } = record;
  return { ...rest, whole: parentId === undefined ? undefined : titles.get(parentId) };
}

function byTitle(ledger: Commitment[]) {
  const titles = new Map(ledger.map((record) => [record.id, record.title]));
  return new Map(ledger.map((record) => [record.title, comparable(record, titles)]));
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function importCli(stack: TestStack, args: string[], onStart?: (kill: () => void) => void): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args, "--url", stack.url], {
    env: { ...process.env, TRACKER_API_KEY: stack.adminKey },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  cleanup.add("import process", () => child.kill("SIGKILL"));
  onStart?.(() => child.kill("SIGKILL"));
  return new Promise((done) => child.on("close", (code) => done({ code, stdout, stderr })));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ait-round-trip-"));
  source = await emptyLedger();
  await fill(source);
  csvFile = join(dir, "ledger.csv");
  jsonlFile = join(dir, "ledger.jsonl");
  await writeFile(csvFile, await exported(source, "csv"));
  await writeFile(jsonlFile, await exported(source, "jsonl"));
}, 600_000);

afterAll(async () => {
  await cleanup.run();
  await rm(dir, { recursive: true, force: true });
});

describe("export and import", () => {
  it("re-imports a CSV export into an empty ledger: the same records, sources, figures and totals", {
    timeout: 600_000,
  }, async () => {
    const fresh = await emptyLedger();

    const run = await importCli(fresh, [csvFile]);
    const [before, after] = [await records(source), await records(fresh)];

    expect(run.stdout, run.stderr).toMatch(new RegExp(`^${RECORDS} rows: ${RECORDS} imported$`, "m"));
    expect(run.code).toBe(0);
    expect(after).toHaveLength(RECORDS);
    expect(byTitle(after)).toEqual(byTitle(before));
    expect(await totals(fresh)).toEqual(await totals(source));
  });

  it("names each bad row in a dry run and writes nothing", { timeout: 300_000 }, async () => {
    target = await emptyLedger();
    const lines = (await exported(source, "csv")).split("\r\n");
    lines[3] = lines[3]?.replace(/,20(\d\d)-(\d\d)-(\d\d),day,/, ",20$1-13-$3,day,") as string;
    lines[8] = lines[8]?.replace(/,(USD|EUR|KRW),/, ",XYZ,") as string;
    const broken = join(dir, "broken.csv");
    await writeFile(broken, lines.join("\r\n"));

    const run = await importCli(target, [broken, "--dry-run"]);

    expect(run.stdout).toMatch(/^line 4: invalid: announcedOn: /m);
    expect(run.stdout).toMatch(/^line 9: invalid: currency: /m);
    expect(run.stdout).toMatch(
      new RegExp(`^${RECORDS} rows: ${RECORDS - 2} new \\(would be imported\\), 2 invalid$`, "m"),
    );
    expect(await records(target)).toEqual([]);
  });

  it("ends with each record exactly once when an import is killed midway and run again", {
    timeout: 600_000,
  }, async () => {
    const target = await emptyLedger();
    let count = 0;

    const killed = await importCli(target, [jsonlFile], (kill) => {
      const poll = setInterval(async () => {
        const response = await fetch(`${target.url}/commitments?format=jsonl`).catch(() => undefined);
        count = Number(response?.headers.get("x-export-rows") ?? 0);
        await response?.body?.cancel();
        if (count >= 200) {
          clearInterval(poll);
          kill();
        }
      }, 500);
    });
    const again = await importCli(target, [jsonlFile]);
    const after = await records(target);

    expect(killed.code, "the first run was killed").toBeNull();
    expect(count).toBeLessThan(RECORDS);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(after).toHaveLength(RECORDS);
    expect(new Set(after.map((record) => record.title)).size).toBe(RECORDS);
    expect(await totals(target)).toEqual(await totals(source));
  });
});
