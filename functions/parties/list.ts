import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { listParties } from "../../shared/parties/reads.ts";

export const handler = httpHandler(routes.listParties, async ({ query, deps }) => ({
  body: await listParties(deps, query.limit, query.cursor),
}));
