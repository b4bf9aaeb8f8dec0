import { httpHandler } from "../../shared/http/handler.ts";
import { generateSummaryRoute } from "../../shared/http/routes/generate-summary.ts";
import { generateSummary } from "../../shared/store/summaries.ts";

export const handler = httpHandler(generateSummaryRoute, async ({ body, deps }) => {
  const { outcome, summary } = await generateSummary(deps, body);
  return {
    status: outcome === "created" ? 201 : 200,
    body: summary,
    headers: { location: `/summaries/${summary.key}`, "x-summary-outcome": outcome },
  };
});
