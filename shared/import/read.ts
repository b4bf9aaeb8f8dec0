/**
 * Reading an import file as a stream of rows, in bounded memory: UTF-8 checked as it is read, CSV parsed by
 * csv-parse (in the export's columns), JSON Lines split line by line. Each row comes with its line and the
 * commitment input it stands for, or the problems that keep it out; a file that cannot be read on (an open
 * quote, another encoding) stops the whole import with the line where it went wrong.
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { CsvError, type Options, parse } from "csv-parse";
import { columnOf, rowToInput } from "../commitments/columns.ts";
import { commitmentInput } from "../commitments/schema.ts";
import { unescapeCell } from "../http/csv.ts";

export type FileFormat = "csv" | "jsonl";

/** A CSV record or a JSON line larger than this is refused (a quote left open swallows the file behind it). */
export const MAX_ROW_BYTES = 1024 * 1024;

export interface FieldProblem {
  field: string;
  message: string;
}

export interface Row {
  /** 0-based position among the file's rows. */
  index: number;
  /** The line the row starts on (the header is line 1 of a CSV). */
  line: number;
  /** The id the row had in the ledger it was exported from; parts name their whole by it. */
  oldId: string | undefined;
  /** The input, before validation (parentId still the exporting ledger's id). */
  input: Record<string, unknown>;
  /** Why the row cannot be imported; empty when it is valid. */
  problems: FieldProblem[];
  /** Things worth saying that do not keep the row out (a formula-like title kept as text). */
  warnings: string[];
  /** The row as read: cells by column for a CSV, the parsed line for JSON Lines (for the rejected-rows file). */
  original: Record<string, string> | unknown;
}

/** The file cannot be read on: nothing is imported. */
export class ImportFileError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.name = "ImportFileError";
    this.line = line;
  }
}

export function formatOf(path: string): FileFormat | undefined {
  if (/\.csv$/i.test(path)) return "csv";
  if (/\.(jsonl|ndjson)$/i.test(path)) return "jsonl";
  return undefined;
}

/** The file as text, checked to be UTF-8 chunk by chunk; another encoding stops at its first bad byte. */
async function* utf8Text(path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let first = true;
  let lines = 1;
  // A CRLF cut between two chunks is one line break.
  let afterCr = false;
  const breaks = (text: string) => lineBreaks(text) - (afterCr && text.startsWith("\n") ? 1 : 0);
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    if (
      first &&
      (chunk.subarray(0, 2).equals(Buffer.from([0xff, 0xfe])) ||
        chunk.subarray(0, 2).equals(Buffer.from([0xfe, 0xff])))
    )
      throw new ImportFileError("the file is UTF-16; save it as UTF-8 (in Excel: CSV UTF-8)", 1);
    first = false;
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const good = validPrefix(chunk);
      const before = new TextDecoder().decode(chunk.subarray(0, good));
      throw new ImportFileError(
        `byte 0x${chunk[good]?.toString(16).padStart(2, "0")} is not UTF-8: the file is in another encoding (EUC-KR, Windows-1252...); save it as UTF-8 (in Excel: CSV UTF-8)`,
        lines + breaks(before),
      );
    }
    lines += breaks(text);
    afterCr = text.endsWith("\r");
    yield text;
  }
  decoder.decode();
}

/** How many bytes of a chunk decode (a sequence cut at the chunk's end counts as good). */
function validPrefix(chunk: Buffer): number {
  let low = 0;
  let high = chunk.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(chunk.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  return low;
}

/** Line breaks as an editor counts them: CRLF, LF, or a CR alone (an old Mac file). */
function lineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

const TEXT_FIELDS = new Set(["title", "description", "region", "site"]);
const FORMULA = /^[=+@]/;

/** Validates an input; each problem names the column (CSV) or the field path (JSON Lines). */
function check(
  input: Record<string, unknown>,
  problems: FieldProblem[],
  field: (path: readonly PropertyKey[]) => string,
): void {
  // The whole a part names is checked after the file is read: it may be a row further on.
  const { parentId, ...rest } = input;
  const result = commitmentInput.safeParse(rest);
  if (!result.success)
    for (const issue of result.error.issues)
      problems.push({ field: field(issue.path), message: issue.message });
  if (parentId !== undefined && typeof parentId !== "string")
    problems.push({
      field: field(["parentId"]),
      message: "must be the id of a row of the file or of a commitment",
    });
}

async function* csvRows(path: string): AsyncGenerator<Row> {
  // The line the next record starts on, counted as csv-parse parses (it may be records ahead of the loop below),
  // so that an error names the record it stopped in. csv-parse's own count takes a CRLF inside quotes for two.
  let next = 1;
  const parser = parse({
    bom: true,
    relax_column_count: true,
    max_record_size: MAX_ROW_BYTES,
    raw: true,
    // raw runs to the first character of the line break that ends the record (CR of a CRLF, or LF, or CR).
    // (csv-parse's types do not know that `raw: true` hands it { record, raw }.)
    on_record: (({ record, raw }: { record: string[]; raw: string }) => {
      const line = next;
      next += lineBreaks(raw);
      return { record, line };
    }) as unknown as Options["on_record"],
  });
  const source = Readable.from(utf8Text(path));
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  let header: string[] | undefined;
  let index = 0;
  try {
    for await (const { record, line } of parser as AsyncIterable<{ record: string[]; line: number }>) {
      // A blank line is no row.
      if (record.length === 1 && record[0] === "") continue;
      if (!header) {
        header = record.map((name) => name.trim());
        const repeated = header.find((name, at) => header?.indexOf(name) !== at);
        if (repeated) throw new ImportFileError(`the header names the column "${repeated}" twice`, line);
        if (!header.includes("title"))
          throw new ImportFileError(
            `the header has no "title" column: is this an export of GET /commitments?format=csv?`,
            line,
          );
        continue;
      }
      const problems: FieldProblem[] = [];
      const warnings: string[] = [];
      if (record.length !== header.length)
        problems.push({
          field: "(row)",
          message: `has ${record.length} cells; the header has ${header.length}`,
        });
      const cells: Record<string, string> = {};
      header.forEach((name, at) => {
        cells[name] = unescapeCell(record[at] ?? "");
      });
      const { id, input, problems: cellProblems } = rowToInput(problems.length ? {} : cells);
      problems.push(...cellProblems.map((problem) => ({ field: problem.path, message: problem.message })));
      for (const name of TEXT_FIELDS)
        if (FORMULA.test(cells[name] ?? ""))
          warnings.push(
            `${name} starts with "${cells[name]?.[0]}": kept as text (exports put a ' before it)`,
          );
      if (problems.length === 0)
        check(input, problems, (issuePath) => columnOf(issuePath as (string | number)[]));
      yield { index: index++, line, oldId: id, input, problems, warnings, original: cells };
    }
  } catch (error) {
    throw asFileError(error, next);
  } finally {
    source.destroy();
  }
}

/**
 * csv-parse's errors as the line and what to do. `line` is where the record it stopped in starts; the error's `raw`
 * runs from there to where it stopped.
 */
function asFileError(error: unknown, line: number): Error {
  if (!(error instanceof CsvError)) return error as Error;
  if (error.code === "CSV_QUOTE_NOT_CLOSED") {
    const raw = (error as { raw?: string }).raw ?? "";
    return new ImportFileError(
      "a quote opened on this line is never closed",
      line + lineBreaks(raw.slice(0, unclosedQuote(raw))),
    );
  }
  if (error.code === "CSV_MAX_RECORD_SIZE")
    return new ImportFileError(
      `the row starting here is longer than ${MAX_ROW_BYTES} bytes: most likely a quote left open`,
      line,
    );
  return new ImportFileError(error.message, line);
}

/** Where the quote that is never closed opens in a record (csv-parse opens quotes at a cell's start only). */
function unclosedQuote(raw: string): number {
  let open = -1;
  for (let at = raw.indexOf('"'); at !== -1; at = raw.indexOf('"', at + 1)) {
    if (open === -1) open = at;
    // Two quotes inside quotes are one quote of the text.
    else if (raw[at + 1] === '"') at++;
    else open = -1;
  }
  return Math.max(open, 0);
}

/** The server-set fields of an exported record, left out on import. */
const SERVER_FIELDS = [
  "amountUsd",
  "sourcesDisagree",
  "version",
  "createdAt",
  "updatedAt",
  "rejectedBecause",
];

/** A record as GET /commitments returns it (or its input) back to input: parties by the name they were written as. */
export function recordToInput(value: Record<string, unknown>): {
  id: string | undefined;
  input: Record<string, unknown>;
} {
  const { id, ...rest } = value;
  for (const field of SERVER_FIELDS) delete rest[field];
  if (Array.isArray(rest.parties))
    rest.parties = rest.parties.map((party) => {
      if (typeof party !== "object" || party === null) return party;
      const { slug, writtenAs, ...written } = party as Record<string, unknown>;
      return writtenAs === undefined ? written : { ...written, name: writtenAs };
    });
  return { id: typeof id === "string" ? id : undefined, input: rest };
}

async function* jsonLines(path: string): AsyncGenerator<{ line: number; text: string; tooLong: boolean }> {
  let buffer = "";
  let line = 1;
  let skipping = false;
  for await (const chunk of utf8Text(path)) {
    buffer += chunk;
    for (let end = buffer.indexOf("\n"); end !== -1; end = buffer.indexOf("\n")) {
      const text = buffer.slice(0, end).replace(/\r$/, "");
      buffer = buffer.slice(end + 1);
      if (!skipping) yield { line, text, tooLong: false };
      else yield { line, text: "", tooLong: true };
      skipping = false;
      line++;
    }
    if (buffer.length > MAX_ROW_BYTES) {
      skipping = true;
      buffer = "";
    }
  }
  if (skipping || buffer.trim() !== "") yield { line, text: buffer, tooLong: skipping };
}

async function* jsonlRows(path: string): AsyncGenerator<Row> {
  let index = 0;
  for await (const { line, text, tooLong } of jsonLines(path)) {
    const source = line === 1 ? text.replace(/^\uFEFF/, "") : text;
    if (!tooLong && source.trim() === "") continue;
    const problems: FieldProblem[] = [];
    let parsed: unknown;
    if (tooLong) problems.push({ field: "(line)", message: `is longer than ${MAX_ROW_BYTES} bytes` });
    else
      try {
        parsed = JSON.parse(source);
      } catch (error) {
        problems.push({ field: "(line)", message: `is not JSON: ${(error as Error).message}` });
      }
    const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
    if (problems.length === 0 && !isObject)
      problems.push({ field: "(line)", message: "is not a JSON object" });
    const { id, input } = isObject
      ? recordToInput(parsed as Record<string, unknown>)
      : { id: undefined, input: {} };
    const warnings = [...TEXT_FIELDS]
      .filter((name) => typeof input[name] === "string" && FORMULA.test(input[name] as string))
      .map((name) => `${name} starts with a formula character: kept as text (exports put a ' before it)`);
    if (problems.length === 0)
      check(input, problems, (issuePath) => issuePath.map(String).join(".") || "(line)");
    yield { index: index++, line, oldId: id, input, problems, warnings, original: parsed ?? source };
  }
}

/** The rows of an import file, one at a time. */
export function readRows(path: string, format: FileFormat): AsyncGenerator<Row> {
  return format === "csv" ? csvRows(path) : jsonlRows(path);
}
