/**
 * `npm run import -- FILE [--dry-run] [--url URL] [--allow-duplicates] [--skip-invalid]`: imports a CSV export of
 * GET /commitments, or JSON Lines of commitments, through POST /commitments/batch. Without --url it writes to the
 * local stack of `npm start` (PORT, and the admin key it keeps in $DATA_DIR/admin-key); with --url, the key comes
 * from TRACKER_API_KEY. Exit 0: every row imported (or already in the ledger); 1: some rows rejected; 2: the file
 * or the API could not be used, and nothing more was written.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { MultiBar, type SingleBar } from "cli-progress";
import { z } from "zod";
import { batchSender, rateDatesFrom } from "./client.ts";
import { type FileFormat, formatOf, ImportFileError } from "./read.ts";
import { type ImportSummary, importFile, type SendBatch } from "./run.ts";

const USAGE =
  "usage: npm run -s import -- FILE [--dry-run] [--url URL] [--allow-duplicates] [--skip-invalid] [--format csv|jsonl] [--rejects FILE]";

/** Set when a batch goes out for real: from then on rows may be in the ledger, whether its answer came back or not. */
let sentBatch = false;

const environment = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  DATA_DIR: z.string().min(1).default(".data"),
  TRACKER_API_KEY: z.string().min(1).optional(),
});

async function apiKey(url: string | undefined, env: z.output<typeof environment>): Promise<string> {
  if (env.TRACKER_API_KEY) return env.TRACKER_API_KEY;
  if (url) throw new Error("set TRACKER_API_KEY to a write key of that deployment");
  const file = join(resolve(env.DATA_DIR), "admin-key");
  const key = (await readFile(file, "utf8").catch(() => "")).trim();
  if (!key) throw new Error(`no admin key in ${file}: is npm start running? (or set TRACKER_API_KEY)`);
  return key;
}

function printSummary(summary: ImportSummary, dryRun: boolean): void {
  const line = (count: number, what: string) => (count > 0 ? [`${count} ${what}`] : []);
  const parts = [
    ...line(summary.imported, "imported"),
    ...line(summary.valid, "new (would be imported)"),
    ...line(summary.duplicate, "duplicates"),
    ...line(summary["near-duplicate"], "near-duplicates"),
    ...line(summary.invalid, "invalid"),
    ...line(summary.refused, "refused"),
    ...line(summary["whole-not-imported"], "parts of a whole not imported"),
  ];
  const rows = (count: number) => `${count} ${count === 1 ? "row" : "rows"}`;
  console.log(`${rows(summary.rows)}: ${parts.join(", ") || "nothing to import"}`);
  if (summary.withoutRate > 0)
    console.log(
      `${rows(summary.withoutRate)} to write with a figure the ledger has no exchange rate for: recorded without a US$ figure (see above)`,
    );
  if (!dryRun && !summary.wrote)
    console.log("nothing was written: fix the invalid rows, or import the others with --skip-invalid");
  if (summary.rejectsFile) console.log(`rows not imported, with the reason: ${summary.rejectsFile}`);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean", default: false },
      url: { type: "string" },
      "allow-duplicates": { type: "boolean", default: false },
      "skip-invalid": { type: "boolean", default: false },
      format: { type: "string" },
      rejects: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const file = positionals[0];
  if (values.help || !file || positionals.length > 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const format = (values.format ?? formatOf(file)) as FileFormat | undefined;
  if (format !== "csv" && format !== "jsonl") {
    console.error(
      `say --format csv or --format jsonl (the file's name does not end in .csv or .jsonl)\n${USAGE}`,
    );
    return 2;
  }
  const env = environment.parse(process.env);
  const url = (values.url ?? `http://127.0.0.1:${env.PORT}`).replace(/\/+$/, "");
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url))
    throw new Error(`--url ${values.url} is not an http:// or https:// URL`);
  const target = { url, key: await apiKey(values.url, env), allowDuplicates: values["allow-duplicates"] };
  const toApi = batchSender(target);
  const send: SendBatch = (items, keys, dryRun) => {
    sentBatch ||= !dryRun;
    return toApi(items, keys, dryRun);
  };
  // A bar on a terminal only: piped or redirected output stays the report and the summary.
  const bars = process.stderr.isTTY
    ? new MultiBar({
        format: "{bar} {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}",
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  let bar: SingleBar | undefined;
  const started = performance.now();
  const summary = await importFile({
    file,
    format,
    send,
    dryRun: values["dry-run"],
    skipInvalid: values["skip-invalid"],
    rejectsFile: values.rejects,
    rateDates: rateDatesFrom(target),
    report: (line) => (bars ? bars.log(`${line}\n`) : console.log(line)),
    progress: (done, total) => {
      const rate = Math.round(done / Math.max((performance.now() - started) / 1000, 0.001));
      bar ??= bars?.create(total, 0, { rate });
      bar?.update(done, { rate });
    },
  }).finally(() => bars?.stop());
  printSummary(summary, values["dry-run"]);
  const rejected = summary.rows - summary.imported - summary.valid - summary.duplicate;
  return rejected > 0 || (!summary.wrote && !values["dry-run"]) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ImportFileError
        ? `the file cannot be imported: ${error.message}`
        : `import failed: ${(error as Error).message}`,
    );
    console.error(
      sentBatch
        ? "rows written before this are kept; rerun the same command to complete the import without duplicates"
        : "nothing was written",
    );
    process.exit(2);
  },
);
