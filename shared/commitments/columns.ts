/**
 * The columns of the CSV export, written once and read both ways: the export turns a record into cells, the
 * import turns cells back into the record's input. Lists of free text and nested objects (parties, sources with
 * their figures, accelerators, tags) are JSON cells, so that no separator can be mistaken for data; an empty cell
 * is an absent field. Columns marked `exportOnly` are derived by the server and ignored on import.
 */
import { figure } from "../render/format.ts";
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

const input = (record: Commitment) => writableFields(record) as Record<string, unknown>;

/** The columns, in order. */
export const COLUMNS: readonly Column[] = [
  {
    name: "id",
    path: ["id"],
    reads: "text",
    description: "the record's id; on import, parts name their whole by it (parentId) and get the new id",
    cell: (r) => r.id,
  },
  { name: "title", path: ["title"], reads: "text", description: "title", cell: (r) => r.title },
  {
    name: "description",
    path: ["description"],
    reads: "text",
    description: "description",
    cell: (r) => r.description ?? "",
  },
  {
    name: "announcedOn",
    path: ["announcedOn"],
    reads: "text",
    description: "YYYY-MM-DD",
    cell: (r) => r.announcedOn,
  },
  {
    name: "announcedOnPrecision",
    path: ["announcedOnPrecision"],
    reads: "text",
    description: "day, month, quarter or year",
    cell: (r) => r.announcedOnPrecision,
  },
  { name: "status", path: ["status"], reads: "text", description: "status", cell: (r) => r.status },
  {
    name: "confidence",
    path: ["confidence"],
    reads: "text",
    description: "official, reported or estimate",
    cell: (r) => r.confidence,
  },
  {
    name: "country",
    path: ["location", "country"],
    reads: "text",
    description: "ISO 3166-1 alpha-2, or XX",
    cell: (r) => r.location.country,
  },
  {
    name: "region",
    path: ["location", "region"],
    reads: "text",
    description: "region",
    cell: (r) => r.location.region ?? "",
  },
  {
    name: "site",
    path: ["location", "site"],
    reads: "text",
    description: "site",
    cell: (r) => r.location.site ?? "",
  },
  {
    name: "categories",
    path: ["categories"],
    reads: "names",
    description: "categories separated by `;`",
    cell: (r) => r.categories.join(";"),
  },
  {
    name: "parties",
    path: ["parties"],
    reads: "json",
    description: 'JSON: [{"name","role","kind"?}], each name as written',
    cell: (r) => json(input(r).parties),
  },
  {
    name: "currency",
    path: ["amount", "currency"],
    reads: "text",
    description: "ISO 4217; empty when the record names no amount",
    cell: (r) => r.amount?.currency ?? "",
  },
  {
    name: "low",
    path: ["amount", "low"],
    reads: "text",
    description: "decimal string",
    cell: (r) => r.amount?.low ?? "",
  },
  {
    name: "high",
    path: ["amount", "high"],
    reads: "text",
    description: "decimal string",
    cell: (r) => r.amount?.high ?? "",
  },
  {
    name: "qualifier",
    path: ["amount", "qualifier"],
    reads: "text",
    description: "exact, approximately, at-least, up-to or range",
    cell: (r) => r.amount?.qualifier ?? "",
  },
  {
    name: "figure",
    path: ["figure"],
    exportOnly: true,
    description: 'the amount in words: "at least US$500,000,000,000"',
    cell: (r) => (r.amount ? figure(r.amount) : ""),
  },
  {
    name: "usdLow",
    path: ["usdLow"],
    exportOnly: true,
    description: "whole US dollars",
    cell: (r) => r.amountUsd?.low ?? "",
  },
  {
    name: "usdHigh",
    path: ["usdHigh"],
    exportOnly: true,
    description: "whole US dollars",
    cell: (r) => r.amountUsd?.high ?? "",
  },
  {
    name: "fxRate",
    path: ["fxRate"],
    exportOnly: true,
    description: 'the rate used: "1440 KRW per USD on 2025-01-22"',
    cell: (r) => fxRate(r.amountUsd),
  },
  {
    name: "periodStart",
    path: ["period", "start"],
    reads: "text",
    description: "YYYY or YYYY-MM-DD",
    cell: (r) => r.period?.start ?? "",
  },
  {
    name: "periodEnd",
    path: ["period", "end"],
    reads: "text",
    description: "YYYY or YYYY-MM-DD",
    cell: (r) => r.period?.end ?? "",
  },
  {
    name: "powerMw",
    path: ["capacity", "powerMw"],
    reads: "number",
    description: "megawatts",
    cell: (r) => (r.capacity?.powerMw === undefined ? "" : String(r.capacity.powerMw)),
  },
  {
    name: "accelerators",
    path: ["capacity", "accelerators"],
    reads: "json",
    description: 'JSON: [{"model","count"}]',
    cell: (r) => json(r.capacity?.accelerators),
  },
  {
    name: "parentId",
    path: ["parentId"],
    reads: "text",
    description: "the id of the whole this record is part of",
    cell: (r) => r.parentId ?? "",
  },
  {
    name: "sources",
    path: ["sources"],
    reads: "json",
    description: 'JSON: [{"url","publisher"?,"title"?,"publishedOn"?,"language"?,"excerpt"?,"figure"?}]',
    cell: (r) => json(r.sources),
  },
  { name: "tags", path: ["tags"], reads: "json", description: "JSON: [string]", cell: (r) => json(r.tags) },
  {
    name: "sourcesDisagree",
    path: ["sourcesDisagree"],
    exportOnly: true,
    description: "true when sources state different figures",
    cell: (r) => String(r.sourcesDisagree),
  },
  {
    name: "version",
    path: ["version"],
    exportOnly: true,
    description: "version",
    cell: (r) => String(r.version),
  },
  {
    name: "updatedAt",
    path: ["updatedAt"],
    exportOnly: true,
    description: "last change",
    cell: (r) => r.updatedAt,
  },
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
