/** POST /summaries in the route table: its spec, in a module of its own so its handler bundles only this. */
import { summaryRequest, summarySchema } from "../../domain/summary.ts";
import { route } from "../route.ts";
import { auth, created, invalid, problemResponse } from "../route-parts.ts";

const summaryOutcome = {
  Location: { description: "the summary's URL", required: true },
  "X-Summary-Outcome": { description: "created, updated, unchanged or provisional", required: true },
};

export const generateSummaryRoute = route({
  method: "POST",
  path: "/summaries",
  file: "functions/summaries/generate.ts",
  scope: "admin",
  summary:
    "Generate or regenerate a summary (default: the last complete period); the current period's is provisional and not stored, as is one that ended less than 30 s ago (writes stamped before its end may still be committing)",
  body: summaryRequest,
  responses: {
    201: { ...created(summarySchema), headers: summaryOutcome },
    200: {
      description:
        "regenerated (stored once: unchanged content writes nothing), or provisional (final: false)",
      schema: summarySchema,
      headers: summaryOutcome,
    },
    ...invalid,
    422: problemResponse("not a period, or one that has not begun"),
    ...auth,
  },
});
