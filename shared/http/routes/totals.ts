/** GET /totals in the route table: its spec, in a module of its own so its handler bundles only this. */
import { totalsQuery, totalsSchema } from "../../domain/totals.ts";
import { route } from "../route.ts";
import { auth, problemResponse } from "../route-parts.ts";

export const totalsRoute = route({
  method: "GET",
  path: "/totals",
  file: "functions/totals/get.ts",
  scope: "read",
  summary:
    "Exact totals by country, category, party, year, status or currency, from aggregates kept on every write",
  query: totalsQuery,
  responses: {
    200: { description: "the totals", schema: totalsSchema },
    422: problemResponse("invalid or unsupported filter"),
    ...auth,
  },
});
