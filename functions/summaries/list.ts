import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { listSummaries } from "../../shared/store/summaries.ts";

export const handler = httpHandler(routes.listSummaries, async ({ query, deps }) => ({
  body: await listSummaries(deps, query),
}));
