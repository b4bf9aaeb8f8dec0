/**
 * The columns of the CSV export, written once and read both ways: the export turns a record into cells, the
 * import turns cells back into the record's input. Lists of free text and nested objects (parties, sources with
 * their figures, accelerators, tags) are JSON cells, so that no separator can be mistaken for data; an empty cell
 * is an absent field. Columns marked `exportOnly` are derived by the server and ignored on import.
 */
import { exactFigure as figure } from "../format/money.ts";
import { type AmountUsd, type Commitment, writableFields } from "./schema.ts";

export interface Column {
  name: string;
  /** Where the column's value goes in the record's input (the path of a validation error that concerns it). */
  path: readonly string[];
  description: string;
  /** The cell, from a record. */
  cell(record: Commitment): string;
  /** How the cell reads back: a string as it is, a list of `;`-separated names, JSON, or a number. */
  reads?: "text" | "names" | "json" | "number";
  /** Derived by the server (USD figures, versions); shown in the export, ignored on import. */
  exportOnly?: true;
}

const json = (value: unknown): string => (value === undefined ? "" : JSON.stringify(value));

function fxRate(usd: AmountUsd | null): string {
  if (!usd) return "";
  const { currency, date, unitsPerUsd, usdPerUnit } = usd.rate;
  if (currency === "USD") return "1";
  const rate =
    unitsPerUsd !== undefined ? `${unitsPerUsd} ${currency} per USD` : `${usdPerUnit} USD per ${currency}`;
  return date ? `${rate} on ${date}` : rate;
}

/** A column of plain text: the cell is the value, or empty when the record has none. */
const text = (
  name: string,
  path: readonly string[],
  description: string,
  value: (record: Commitment) => string | undefined,
): Column => ({ name, path, reads: "text", description, cell: (record) => value(record) ?? "" });

/** A column the server derives: shown in the export, ignored on import. */
const derived = (name: string, description: string, cell: (record: Commitment) => string): Column => ({
  name,
  path: [name],
  exportOnly: true,
  description,
  cell,
});

/** A column of JSON (a list or an object), so that no separator can be taken for data. */
const jsonColumn = (
  name: string,
  path: readonly string[],
  description: string,
  value: (record: Commitment) => unknown,
): Column => ({ name, path, reads: "json", description, cell: (record) => json(value(record)) });

/** The columns, in order. */
export const COLUMNS: readonly Column[] = [
  text("id", ["id"], "the record's id; on import, parts name their whole by it (parentId)", (r) => r.id),
  text("title", ["title"], "title", (r) => r.title),
  text("description", ["description"], "description", (r) => r.description),
  text("announcedOn", ["announcedOn"], "YYYY-MM-DD", (r) => r.announcedOn),
  text(
    "announcedOnPrecision",
    ["announcedOnPrecision"],
    "day, month, quarter or year",
    (r) => r.announcedOnPrecision,
  ),
  text("status", ["status"], "status", (r) => r.status),
  text("confidence", ["confidence"], "official, reported or estimate", (r) => r.confidence),
  text("country", ["location", "country"], "ISO 3166-1 alpha-2, or XX", (r) => r.location.country),
  text("region", ["location", "region"], "region", (r) => r.location.region),
  text("site", ["location", "site"], "site", (r) => r.location.site),
  {
    name: "categories",
    path: ["categories"],
    reads: "names",
    description: "categories separated by `;`",
    cell: (r) => r.categories.join(";"),
  },
  jsonColumn(
    "parties",
    ["parties"],
    'JSON: [{"name","role","kind"?}], each name as written',
    (r) => (writableFields(r) as { parties: unknown }).parties,
  ),
  text(
    "currency",
    ["amount", "currency"],
    "ISO 4217; empty when the record names no amount",
    (r) => r.amount?.currency,
  ),
  text("low", ["amount", "low"], "decimal string", (r) => r.amount?.low),
  text("high", ["amount", "high"], "decimal string", (r) => r.amount?.high),
  text(
    "qualifier",
    ["amount", "qualifier"],
    "exact, approximately, at-least, up-to or range",
    (r) => r.amount?.qualifier,
  ),
  derived("figure", 'the amount in words: "at least US$500,000,000,000"', (r) =>
    r.amount ? figure(r.amount) : "",
  ),
  derived("usdLow", "whole US dollars", (r) => r.amountUsd?.low ?? ""),
  derived("usdHigh", "whole US dollars", (r) => r.amountUsd?.high ?? ""),
  derived("fxRate", 'the rate used: "1440 KRW per USD on 2025-01-22"', (r) => fxRate(r.amountUsd)),
  text("periodStart", ["period", "start"], "YYYY or YYYY-MM-DD", (r) => r.period?.start),
  text("periodEnd", ["period", "end"], "YYYY or YYYY-MM-DD", (r) => r.period?.end),
  {
    name: "powerMw",
    path: ["capacity", "powerMw"],
    reads: "number",
    description: "megawatts",
    cell: (r) => (r.capacity?.powerMw === undefined ? "" : String(r.capacity.powerMw)),
  },
  jsonColumn(
    "accelerators",
    ["capacity", "accelerators"],
    'JSON: [{"model","count"}]',
    (r) => r.capacity?.accelerators,
  ),
  text("parentId", ["parentId"], "the id of the whole this record is part of", (r) => r.parentId),
  jsonColumn(
    "sources",
    ["sources"],
    'JSON: [{"url","publisher"?,"title"?,"publishedOn"?,"language"?,"excerpt"?,"figure"?}]',
    (r) => r.sources,
  ),
  jsonColumn("tags", ["tags"], "JSON: [string]", (r) => r.tags),
  derived("sourcesDisagree", "true when sources state different figures", (r) => String(r.sourcesDisagree)),
  derived("version", "version", (r) => String(r.version)),
  derived("updatedAt", "last change", (r) => r.updatedAt),
];

/** A row's value that could not be read: the column and why. */
export interface CellProblem {
  path: string;
  message: string;
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

/**
 * A CSV row (cells by column name) as the record's input, for the schema to validate, and the id it had in the
 * ledger it came from. Unknown and export-only columns are ignored; an empty cell leaves its field out.
 */
export function rowToInput(row: Record<string, string>): {
  id: string | undefined;
  input: Record<string, unknown>;
  problems: CellProblem[];
} {
  const input: Record<string, unknown> = {};
  const problems: CellProblem[] = [];
  for (const column of COLUMNS) {
    const cell = row[column.name];
    if (column.exportOnly || cell === undefined || cell === "") continue;
    let value: unknown = cell;
    if (column.reads === "names") value = cell.split(";").map((name) => name.trim());
    else if (column.reads === "number") {
      value = Number(cell);
      if (!Number.isFinite(value)) problems.push({ path: column.name, message: "must be a number" });
    } else if (column.reads === "json") {
      try {
        value = JSON.parse(cell);
      } catch {
        problems.push({ path: column.name, message: "must be JSON (see the column's description)" });
        continue;
      }
    }
    setAt(input, column.path, value);
  }
  const { id, ...fields } = input;
  return { id: typeof id === "string" ? id : undefined, input: fields, problems };
}

/** The column a validation error's path belongs to (`parties[0].role` stays precise: the cell and the index). */
export function columnOf(path: readonly (string | number)[]): string {
  const match = COLUMNS.filter((column) => column.path.every((key, index) => path[index] === key)).sort(
    (a, b) => b.path.length - a.path.length,
  )[0];
  if (!match) return path.join(".") || "(row)";
  const rest = path.slice(match.path.length);
  return rest.length === 0
    ? match.name
    : `${match.name}${rest.map((key) => (typeof key === "number" ? `[${key}]` : `.${key}`)).join("")}`;
}
