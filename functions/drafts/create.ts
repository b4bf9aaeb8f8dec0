import { extractDrafts, withDefaultParties, withinAnswer } from "../../shared/extract/index.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { createDraftsRoute } from "../../shared/http/routes/create-drafts.ts";
import { registeredParties } from "../../shared/parties/reads.ts";

export const handler = httpHandler(createDraftsRoute, async ({ body, deps }) => ({
  body: withinAnswer(extractDrafts(body, { registry: withDefaultParties(await registeredParties(deps)) })),
}));
