import { httpHandler } from "../../shared/http/handler.ts";
import { getPartyRoute } from "../../shared/http/routes/get-party.ts";
import { getParty } from "../../shared/parties/reads.ts";

export const handler = httpHandler(getPartyRoute, async ({ params, query, deps }) => ({
  body: await getParty(deps, params.slug, query.limit, query.cursor),
}));
