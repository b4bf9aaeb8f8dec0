/** How the exports of GET /commitments are documented in the OpenAPI document: from the columns themselves. */

import { COLUMNS } from "../commitments/columns.ts";
import * as z from "../zod.ts";
import { EXPORT_FORMATS } from "./csv.ts";

export const exportDescription =
  "A page as JSON; or, with ?format=csv|jsonl, every matching row from the cursor on, as a file " +
  "(Content-Disposition names it). An export larger than one response (5 MB, or 15 s of reading) ends at a row " +
  'boundary with `Link: <...&cursor=...>; rel="next"` and `X-Next-Cursor`: fetch that URL for the rest, which ' +
  "is a whole file again (BOM and header). `X-Export-Rows` counts the rows of this response.";

const csvColumns = COLUMNS.map(
  (column) => `${column.name}: ${column.description}${column.exportOnly ? " (export only)" : ""}`,
).join("; ");

export const exportRepresentations = {
  [EXPORT_FORMATS.csv.contentType]: z.string().register(z.globalRegistry, {
    description: `RFC 4180 CSV, UTF-8 with a BOM, CRLF line ends, a header row, one row per commitment. A cell that starts with = + - @ tab, CR or ' gets a leading ' (spreadsheet formula injection); the import takes it off. Columns: ${csvColumns}.`,
  }),
  [EXPORT_FORMATS.jsonl.contentType]: z.string().register(z.globalRegistry, {
    description: "JSON Lines: one Commitment (as GET /commitments/{id} returns it) per line.",
  }),
};

/** The headers an export sets: its file name, its row count and, when it continues, where. */
export const exportHeaders = {
  "Content-Disposition": { description: "an export only: attachment, with the file name" },
  "X-Export-Rows": { description: "an export only: the rows of this response" },
  Link: { description: 'an export that continues: <the URL of the rest>; rel="next"' },
  "X-Next-Cursor": { description: "an export that continues: the cursor of the rest" },
};
