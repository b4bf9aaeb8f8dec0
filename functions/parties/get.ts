import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { getParty } from "../../shared/parties/reads.ts";

export const handler = httpHandler(routes.getParty, async ({ params, query, deps }) => ({
  body: await getParty(deps, params.slug, query.limit, query.cursor),
}));
