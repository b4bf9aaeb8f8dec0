/**
 * An import, start to end (SPEC 10). The file is read three ways, each a stream: first every row is validated and
 * nothing is written; then, whole before parts (a part names its whole by the id it had where it was exported), the
 * rows go to POST /commitments/batch, each under an idempotency key derived from its own content, so that a rerun
 * after a crash or Ctrl-C answers the rows written before with the same records and writes the rest; last, the
 * rows that were not imported (but for duplicates of what the ledger holds) go to a file of their own, with the
 * reason, to be fixed and imported again.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { COLUMNS } from "../commitments/columns.ts";
import { COMMITMENT_ID } from "../commitments/schema.ts";
import { canonicalJson } from "../domain/revisions.ts";
import { csvLine } from "../http/csv.ts";
import { type FileFormat, readRows } from "./read.ts";

/** What became of a row. `valid` is a dry run's "would be created". */
export type Outcome =
  | "imported"
  | "valid"
  | "duplicate"
  | "near-duplicate"
  | "invalid"
  | "refused"
  | "whole-not-imported";

/** One item's answer from POST /commitments/batch. */
export interface BatchAnswer {
  result: "created" | "valid" | "error";
  status: number;
  id?: string;
  error?: {
    detail?: string;
    existingId?: string;
    candidates?: unknown[];
    errors?: { path: string; message: string }[];
  };
}

/** Sends one batch: items and their keys; answers one result per item. */
export type SendBatch = (items: unknown[], keys: string[], dryRun: boolean) => Promise<BatchAnswer[]>;

export interface ImportOptions {
  file: string;
  format: FileFormat;
  send: SendBatch;
  dryRun?: boolean;
  /** Write the valid rows even when some are invalid (by default one invalid row stops the import before it writes). */
  skipInvalid?: boolean;
  /** Where rows that were not imported go; undefined: `<file>.rejected.<ext>`. */
  rejectsFile?: string;
  report?: (line: string) => void;
  progress?: (done: number, total: number) => void;
  /**
   * The dates the ledger has a rate of a currency on (GET /fx-rates), to name the rows it could not convert: a
   * figure takes the latest rate on or before its announcement, and a row dated before the first is recorded
   * without a US$ figure (never at an invented rate). Undefined: not checked.
   */
  rateDates?: (currency: string) => Promise<string[]>;
}

export type ImportSummary = Record<Outcome, number> & {
  rows: number;
  /** Valid rows with a figure the ledger has no rate for on or before their date (when `rateDates` is given). */
  withoutRate: number;
  /** False when invalid rows stopped the import before anything was written. */
  wrote: boolean;
  rejectsFile: string | undefined;
};

interface RowState {
  line: number;
  key: string;
  parent?: { index: number } | { id: string } | undefined;
  /** The row's figure, when in a currency other than US$, and its date: the rate it needs. */
  figure?: { currency: string; on: string } | undefined;
  /** The earlier row this one repeats. */
  sameAs?: number;
  level: number;
  outcome?: Outcome;
  reason?: string;
  newId?: string;
}

const BATCH_ITEMS = 100;
/** Batch bodies stay well below the API's 256 KiB. */
const BATCH_BYTES = 200 * 1024;

const hash = (value: unknown) => createHash("sha256").update(canonicalJson(value)).digest("base64url");

export async function importFile(options: ImportOptions): Promise<ImportSummary> {
  const report = options.report ?? (() => {});
  const rows = await validateFile(options, report);
  const invalid = rows.some((row) => row.outcome === "invalid");
  const wrote = !invalid || options.skipInvalid === true || options.dryRun === true;
  const withoutRate =
    wrote && options.rateDates ? await reportWithoutRate(options.rateDates, rows, report) : 0;
  if (wrote) await writeRows(options, rows, report);
  const summary: ImportSummary = {
    rows: rows.length,
    withoutRate,
    wrote: wrote && !options.dryRun,
    rejectsFile: undefined,
    imported: 0,
    valid: 0,
    duplicate: 0,
    "near-duplicate": 0,
    invalid: 0,
    refused: 0,
    "whole-not-imported": 0,
  };
  for (const row of rows) if (row.outcome) summary[row.outcome]++;
  if (!options.dryRun && rows.some(rejected)) summary.rejectsFile = await writeRejects(options, rows);
  return summary;
}

/** The first pass: every row checked, wholes matched to their parts, nothing sent. */
async function validateFile(options: ImportOptions, report: (line: string) => void): Promise<RowState[]> {
  const rows: RowState[] = [];
  const byOldId = new Map<string, number>();
  const byContent = new Map<string, number>();
  const parentOf = new Map<number, string>();
  for await (const row of readRows(options.file, options.format)) {
    const state: RowState = {
      line: row.line,
      key: hash({ id: row.oldId ?? null, input: row.input }),
      level: 0,
      figure: foreignFigure(row.input),
    };
    rows.push(state);
    for (const warning of row.warnings) report(`line ${row.line}: ${warning}`);
    if (row.problems.length > 0) {
      state.outcome = "invalid";
      state.reason = row.problems.map((problem) => `${problem.field}: ${problem.message}`).join("; ");
      report(`line ${row.line}: invalid: ${state.reason}`);
      continue;
    }
    if (row.oldId !== undefined) {
      const earlier = byOldId.get(row.oldId);
      if (earlier !== undefined) {
        state.outcome = "invalid";
        state.reason = `id: line ${rows[earlier]?.line} has the same id`;
        report(`line ${row.line}: invalid: ${state.reason}`);
        continue;
      }
      byOldId.set(row.oldId, row.index);
    }
    const content = hash(row.input);
    const repeated = byContent.get(content);
    if (repeated !== undefined) {
      state.sameAs = repeated;
      state.outcome = "duplicate";
      state.reason = `repeats line ${rows[repeated]?.line}`;
      report(`line ${row.line}: duplicate: ${state.reason}`);
      continue;
    }
    byContent.set(content, row.index);
    if (typeof row.input.parentId === "string") parentOf.set(row.index, row.input.parentId);
  }
  for (const [index, parentId] of parentOf) {
    const state = rows[index] as RowState;
    const parentIndex = byOldId.get(parentId);
    if (parentIndex !== undefined) state.parent = { index: parentIndex };
    else if (COMMITMENT_ID.test(parentId)) state.parent = { id: parentId };
    else {
      state.outcome = "invalid";
      state.reason = "parentId: no row of the file has this id, and it is not a commitment id";
      report(`line ${state.line}: invalid: ${state.reason}`);
    }
  }
  for (const state of rows) levelOf(rows, state, report);
  return rows;
}

/** A row's figure in a currency other than US$, with the date its rate is taken on. */
function foreignFigure(input: Record<string, unknown>): RowState["figure"] {
  const currency = (input.amount as { currency?: unknown } | undefined)?.currency;
  const on = input.announcedOn;
  return typeof currency === "string" && currency !== "USD" && typeof on === "string"
    ? { currency, on }
    : undefined;
}

/**
 * Reports the rows to be written whose figure the ledger has no rate for on or before their date, currency by
 * currency, before anything is written (in a dry run too); how many there are.
 */
async function reportWithoutRate(
  rateDates: (currency: string) => Promise<string[]>,
  rows: RowState[],
  report: (line: string) => void,
): Promise<number> {
  const byCurrency = Map.groupBy(
    rows.filter((row) => !row.outcome && row.figure),
    (row) => row.figure?.currency as string,
  );
  let count = 0;
  for (const [currency, wanting] of byCurrency) {
    let first: string | undefined;
    try {
      first = (await rateDates(currency)).toSorted()[0];
    } catch (error) {
      report(`${currency}: the ledger's rates could not be read (${(error as Error).message}); not checked`);
      continue;
    }
    const without = wanting.filter((row) => first === undefined || (row.figure?.on ?? "") < first);
    if (without.length === 0) continue;
    count += without.length;
    const lines = without.slice(0, 10).map((row) => row.line);
    report(
      `${currency}: ${without.length} ${without.length === 1 ? "row" : "rows"} (line ${lines.join(", ")}${without.length > lines.length ? ", …" : ""}) ${
        first === undefined
          ? `and the ledger has no ${currency} rate`
          : `dated before the ledger's first ${currency} rate (${first})`
      }: recorded without a US$ figure, counted in the totals as unconverted. To convert, record the rates first (PUT /fx-rates/${currency}/{date}; an export's fxRate column names the ones it used)`,
    );
  }
  return count;
}

/** How deep a row is under its wholes (0: no whole in the file); a cycle, or a whole left out, leaves it out. */
function levelOf(rows: RowState[], state: RowState, report: (line: string) => void): void {
  const chain: RowState[] = [];
  let current: RowState | undefined = state;
  while (current?.parent && "index" in current.parent && !chain.includes(current)) {
    chain.push(current);
    current = rows[current.parent.index];
  }
  if (current && chain.includes(current)) {
    if (state.outcome) return;
    state.outcome = "invalid";
    state.reason = "parentId: the rows' wholes make a cycle";
    report(`line ${state.line}: invalid: ${state.reason}`);
    return;
  }
  state.level = chain.length;
  const ancestors = chain.length > 0 ? [...chain.slice(1), current] : [];
  const whole = ancestors.find((ancestor) => ancestor?.outcome === "invalid");
  if (!state.outcome && whole) {
    state.outcome = "whole-not-imported";
    state.reason = `its whole (line ${whole.line}) is invalid`;
    report(`line ${state.line}: not imported: ${state.reason}`);
  }
}

/** The new id of a row's whole: created, found as a duplicate, or named by a row this one repeats. */
function newIdOf(rows: RowState[], index: number): string | undefined {
  const state = rows[index];
  return state?.sameAs === undefined ? state?.newId : rows[state.sameAs]?.newId;
}

/** The writing passes, one per level of wholes and parts, batch after batch in file order. */
async function writeRows(
  options: ImportOptions,
  rows: RowState[],
  report: (line: string) => void,
): Promise<void> {
  const total = rows.filter((row) => !row.outcome).length;
  let done = 0;
  options.progress?.(done, total);
  const depth = Math.max(0, ...rows.map((row) => row.level));
  for (let level = 0; level <= depth; level++) {
    let batch: { index: number; item: Record<string, unknown> }[] = [];
    let bytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const sent = batch;
      batch = [];
      bytes = 0;
      const answers = await options.send(
        sent.map((entry) => entry.item),
        sent.map((entry) => (rows[entry.index] as RowState).key),
        options.dryRun === true,
      );
      sent.forEach((entry, at) => {
        settle(rows[entry.index] as RowState, answers[at], report);
      });
      done += sent.length;
      options.progress?.(done, total);
    };
    for await (const row of readRows(options.file, options.format)) {
      const state = rows[row.index] as RowState;
      if (state.level !== level || state.outcome) continue;
      const item = withWhole(rows, state, row.input, options.dryRun === true);
      if (!item) {
        report(`line ${state.line}: not imported: ${state.reason}`);
        done++;
        continue;
      }
      const size = Buffer.byteLength(JSON.stringify(item));
      if (batch.length === BATCH_ITEMS || bytes + size > BATCH_BYTES) await flush();
      batch.push({ index: row.index, item });
      bytes += size;
    }
    await flush();
  }
}

/** The row's input with its whole's new id; undefined (and the row settled) when the whole was not imported. */
function withWhole(
  rows: RowState[],
  state: RowState,
  input: Record<string, unknown>,
  dryRun: boolean,
): Record<string, unknown> | undefined {
  if (!state.parent) return input;
  if ("id" in state.parent) return { ...input, parentId: state.parent.id };
  const whole = rows[state.parent.index] as RowState;
  const parentId = newIdOf(rows, state.parent.index);
  if (parentId) return { ...input, parentId };
  // A dry run creates no whole: its parts are checked on their own.
  if (dryRun && whole.outcome === "valid") {
    const { parentId: _, ...alone } = input;
    return alone;
  }
  state.outcome = "whole-not-imported";
  state.reason = `its whole (line ${whole.line}) was not imported (${whole.outcome})`;
  return undefined;
}

function settle(state: RowState, answer: BatchAnswer | undefined, report: (line: string) => void): void {
  if (answer?.result === "created" && answer.id) {
    state.outcome = "imported";
    state.newId = answer.id;
    return;
  }
  if (answer?.result === "valid") {
    state.outcome = "valid";
    return;
  }
  const error = answer?.error;
  const fields = error?.errors?.map((field) => `${field.path}: ${field.message}`).join("; ");
  if (answer?.status === 409 && error?.existingId) {
    state.outcome = "duplicate";
    state.newId = error.existingId;
    state.reason = `already in the ledger as ${error.existingId}`;
  } else if (answer?.status === 409 && error?.candidates) {
    state.outcome = "near-duplicate";
    state.reason = error.detail ?? "looks like a recorded commitment";
  } else {
    state.outcome = "refused";
    state.reason = `${answer?.status ?? "no answer"}: ${fields || error?.detail || "refused"}`;
  }
  report(`line ${state.line}: ${state.outcome}: ${state.reason}`);
}

/** A row to fix: not imported, and not already in the ledger (a duplicate is reported, not rejected). */
const rejected = (row: RowState) =>
  row.outcome !== "imported" && row.outcome !== "valid" && row.outcome !== "duplicate";

/** The rows not imported, as they were read, each with `rejectedBecause` (which the import ignores). */
async function writeRejects(options: ImportOptions, rows: RowState[]): Promise<string> {
  const path =
    options.rejectsFile ?? `${options.file.replace(/\.(csv|jsonl|ndjson)$/i, "")}.rejected.${options.format}`;
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  let header: string[] | undefined;
  for await (const row of readRows(options.file, options.format)) {
    const state = rows[row.index] as RowState;
    if (!rejected(state)) continue;
    const because = `${state.outcome}: ${state.reason ?? ""}`;
    if (options.format === "jsonl") {
      const original = row.original;
      const line =
        typeof original === "object" && original !== null && !Array.isArray(original)
          ? JSON.stringify({ ...original, rejectedBecause: because })
          : JSON.stringify({ rejectedBecause: because, line: String(original) });
      await write(`${line}\n`);
      continue;
    }
    const cells = row.original as Record<string, string>;
    if (!header) {
      header = [...new Set([...Object.keys(cells), ...COLUMNS.map((column) => column.name)])];
      await write(`\uFEFF${csvLine([...header, "rejectedBecause"])}`);
    }
    await write(csvLine([...header.map((name) => cells[name] ?? ""), because]));
  }
  out.end();
  await once(out, "finish");
  return path;
}
