import { httpHandler } from "../../shared/http/handler.ts";
import { requestOrigin } from "../../shared/http/origin.ts";
import { getSummaryRoute } from "../../shared/http/routes/get-summary.ts";
import { renderSummary, summaryFormat } from "../../shared/render/summary-formats.ts";
import { readSummary } from "../../shared/store/summaries.ts";

export const handler = httpHandler(getSummaryRoute, async ({ params, query, headers, deps }) => {
  const summary = await readSummary(deps, params.period, params.key);
  const rendered = renderSummary(summary, summaryFormat(query.format, headers.accept), {
    origin: requestOrigin(headers),
  });
  // A provisional summary changes as the period goes on; a final one never does.
  return { ...rendered, headers: { "cache-control": summary.final ? "public, max-age=3600" : "no-store" } };
});
