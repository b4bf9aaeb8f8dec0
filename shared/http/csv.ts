/** The CSV export of GET /commitments: RFC 4180, one row per commitment, safe to open in a spreadsheet. */

import type { AmountUsd, Commitment } from "../commitments/schema.ts";
import { exactFigure as figure } from "../format/money.ts";

const LINE_END = "\r\n";
/** Cells a spreadsheet would run as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function fxRate(usd: AmountUsd | null): string {
  if (!usd) return "";
  const { currency, date, unitsPerUsd, usdPerUnit } = usd.rate;
  if (currency === "USD") return "1";
  const rate =
    unitsPerUsd !== undefined ? `${unitsPerUsd} ${currency} per USD` : `${usdPerUnit} USD per ${currency}`;
  return date ? `${rate} on ${date}` : rate;
}

const COLUMNS: readonly (readonly [string, (record: Commitment) => string])[] = [
  ["id", (record) => record.id],
  ["title", (record) => record.title],
  ["announcedOn", (record) => record.announcedOn],
  ["announcedOnPrecision", (record) => record.announcedOnPrecision],
  ["status", (record) => record.status],
  ["confidence", (record) => record.confidence],
  ["country", (record) => record.location.country],
  ["categories", (record) => record.categories.join(";")],
  ["parties", (record) => record.parties.map((party) => `${party.name} (${party.role})`).join("; ")],
  ["currency", (record) => record.amount?.currency ?? ""],
  ["low", (record) => record.amount?.low ?? ""],
  ["high", (record) => record.amount?.high ?? ""],
  ["qualifier", (record) => record.amount?.qualifier ?? ""],
  // The figure as a reader quotes it, qualifier in words: "at least US$500,000,000,000".
  ["figure", (record) => (record.amount ? figure(record.amount) : "")],
  ["usdLow", (record) => record.amountUsd?.low ?? ""],
  ["usdHigh", (record) => record.amountUsd?.high ?? ""],
  ["fxRate", (record) => fxRate(record.amountUsd)],
  ["parentId", (record) => record.parentId ?? ""],
  ["sources", (record) => record.sources.map((source) => source.url).join(" ")],
  ["version", (record) => String(record.version)],
  ["updatedAt", (record) => record.updatedAt],
];

/** One RFC 4180 field; a value a spreadsheet would evaluate gets a leading `'` (money never starts so). */
function cell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Commitments as RFC 4180 CSV: a header row, CRLF after every row, money as the decimal strings it is. */
export function commitmentsToCsv(records: readonly Commitment[]): string {
  const rows = [
    COLUMNS.map(([name]) => name),
    ...records.map((record) => COLUMNS.map(([, read]) => read(record))),
  ];
  return rows.map((row) => row.map(cell).join(",") + LINE_END).join("");
}
