import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { generateSummary } from "../../shared/store/summaries.ts";

export const handler = httpHandler(routes.generateSummary, async ({ body, deps }) => {
  const { outcome, summary } = await generateSummary(deps, body);
  return {
    status: outcome === "created" ? 201 : 200,
    body: summary,
    headers: { location: `/summaries/${summary.key}`, "x-summary-outcome": outcome },
  };
});
