/** GET /commitments in the route table: its spec, in a module of its own so its handler bundles only this. */
import { listQuery } from "../../commitments/listing.ts";
import { commitmentSchema } from "../../commitments/schema.ts";
import { exportDescription, exportHeaders, exportRepresentations } from "../export-docs.ts";
import { route } from "../route.ts";
import { auth, page, problemResponse } from "../route-parts.ts";

export const listCommitmentsRoute = route({
  method: "GET",
  path: "/commitments",
  file: "functions/commitments/list.ts",
  scope: "read",
  summary:
    "Filter, sort and page through commitments; ?format=csv|jsonl (or Accept: text/csv, application/x-ndjson) exports every matching row",
  query: listQuery,
  responses: {
    200: {
      description: exportDescription,
      schema: page(commitmentSchema),
      alternatives: exportRepresentations,
      headers: exportHeaders,
    },
    400: problemResponse("forged or stale cursor"),
    422: problemResponse("invalid filter"),
    ...auth,
  },
});
