/** GET /summaries in the route table. */
import { z } from "zod";
import { PERIOD_KINDS } from "../../domain/periods.ts";
import { summaryEntry } from "../../domain/summary.ts";
import { route } from "../route.ts";
import { auth, page, pageQuery, problemResponse } from "../route-parts.ts";

export const listSummariesRoute = route({
  method: "GET",
  path: "/summaries",
  file: "functions/summaries/list.ts",
  scope: "read",
  summary: "Stored weekly and monthly summaries, newest first (of one kind with ?period=weekly|monthly)",
  query: pageQuery.extend({ period: z.enum(PERIOD_KINDS).optional() }),
  responses: {
    200: { description: "a page", schema: page(summaryEntry) },
    400: problemResponse("forged or stale cursor"),
    422: problemResponse("invalid period or limit"),
    ...auth,
  },
});
