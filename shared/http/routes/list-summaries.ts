/** GET /summaries in the route table. */

import { PERIOD_KINDS } from "../../domain/periods.ts";
import { summaryEntry } from "../../domain/summary.ts";
import * as z from "../../zod.ts";
import { route } from "../route.ts";
import { auth, page, pageQuery, problemResponse } from "../route-parts.ts";

export const listSummariesRoute = route({
  method: "GET",
  path: "/summaries",
  file: "functions/summaries/list.ts",
  scope: "read",
  summary: "Stored weekly and monthly summaries, newest first (of one kind with ?period=weekly|monthly)",
  query: z.extend(pageQuery, { period: z.optional(z.enum(PERIOD_KINDS)) }),
  responses: {
    200: { description: "a page", schema: page(summaryEntry) },
    400: problemResponse("forged or stale cursor"),
    422: problemResponse("invalid period or limit"),
    ...auth,
  },
});
