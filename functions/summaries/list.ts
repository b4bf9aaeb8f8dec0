import { httpHandler } from "../../shared/http/handler.ts";
import { listSummariesRoute } from "../../shared/http/routes/list-summaries.ts";
import { listSummaries } from "../../shared/store/summaries.ts";

export const handler = httpHandler(listSummariesRoute, async ({ query, deps }) => ({
  body: await listSummaries(deps, query),
}));
