import { httpHandler } from "../../shared/http/handler.ts";
import { listPartiesRoute } from "../../shared/http/routes/list-parties.ts";
import { listParties } from "../../shared/parties/reads.ts";

export const handler = httpHandler(listPartiesRoute, async ({ query, deps }) => ({
  body: await listParties(deps, query.limit, query.cursor),
}));
