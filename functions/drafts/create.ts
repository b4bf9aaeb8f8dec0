import { extractDrafts, withDefaultParties } from "../../shared/extract/index.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { registeredParties } from "../../shared/parties/reads.ts";

export const handler = httpHandler(routes.createDrafts, async ({ body, deps }) => ({
  body: extractDrafts(body, { registry: withDefaultParties(await registeredParties(deps)) }),
}));
