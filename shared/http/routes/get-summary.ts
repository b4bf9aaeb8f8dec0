/** GET /summaries/{period}/{key} in the route table: its spec, in a module of its own so its handler bundles only this. */
import { summaryFormatQuery, summaryParams, summarySchema } from "../../domain/summary.ts";
import * as z from "../../zod.ts";
import { route } from "../route.ts";
import { auth, problemResponse } from "../route-parts.ts";

export const getSummaryRoute = route({
  method: "GET",
  path: "/summaries/{period}/{key}",
  file: "functions/summaries/get.ts",
  scope: "read",
  summary:
    "One summary (weekly/2025-W05, monthly/2025-01) as JSON, Markdown (?format=md) or HTML (?format=html); the current period's is provisional, as is one that ended less than 30 s ago (writes stamped before its end may still be committing)",
  params: summaryParams,
  query: summaryFormatQuery,
  responses: {
    200: {
      description: "the summary (text/markdown or text/html with ?format=md|html)",
      schema: summarySchema,
      alternatives: {
        "text/markdown": z.string().register(z.globalRegistry, {
          description: "the summary as Markdown (?format=md)",
        }),
        "text/html": z.string().register(z.globalRegistry, {
          description: "the summary as an HTML page (?format=html)",
        }),
      },
    },
    404: problemResponse("a past period whose summary has not been generated: POST /summaries generates it"),
    422: problemResponse("not a period, or one that has not begun"),
    ...auth,
  },
});
