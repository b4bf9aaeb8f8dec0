/**
 * The exports of GET /commitments: RFC 4180 CSV in the columns of `commitments/columns.ts` (one row per
 * commitment, a UTF-8 BOM so that spreadsheets read Korean as Korean, safe to open), or JSON Lines of the records.
 */

import { COLUMNS } from "../commitments/columns.ts";
import type { Commitment } from "../commitments/schema.ts";

export const BOM = "\uFEFF";
const LINE_END = "\r\n";
/**
 * Cells a spreadsheet would run as a formula (OWASP "CSV injection") get a leading `'`; so does a cell that
 * already starts with one, so that the import can take exactly one `'` off any cell and get the text back.
 */
const ESCAPED_START = /^[=+\-@\t\r']/;
const NEEDS_QUOTES = /[",\r\n]/;

export const EXPORT_FORMATS = {
  csv: { contentType: "text/csv; charset=utf-8", extension: "csv" },
  jsonl: { contentType: "application/x-ndjson; charset=utf-8", extension: "jsonl" },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** One RFC 4180 field; a value a spreadsheet would evaluate gets a leading `'` (money never starts so). */
function cell(value: string): string {
  const safe = ESCAPED_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A cell as the export wrote it, back to its text: one leading `'` comes off. */
export function unescapeCell(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(cell).join(",") + LINE_END;
}

/** The first line of a CSV export (after the BOM). */
export const CSV_HEADER = csvLine(COLUMNS.map((column) => column.name));

/** One line of an export: a CSV row, or a record as JSON. */
export function exportLine(format: ExportFormat, record: Commitment): string {
  return format === "csv"
    ? csvLine(COLUMNS.map((column) => column.cell(record)))
    : `${JSON.stringify(record)}\n`;
}

/** The start of an export: BOM and header for CSV, nothing for JSON Lines. */
export function exportStart(format: ExportFormat): string {
  return format === "csv" ? BOM + CSV_HEADER : "";
}

/** Commitments as RFC 4180 CSV: a header row, CRLF after every row, money as the decimal strings it is. */
export function commitmentsToCsv(records: readonly Commitment[]): string {
  return exportStart("csv") + records.map((record) => exportLine("csv", record)).join("");
}
