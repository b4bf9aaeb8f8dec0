import { DEFAULT_PARTIES, extractDrafts } from "../../shared/extract/index.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";

export const handler = httpHandler(routes.createDrafts, async ({ body }) => ({
  body: extractDrafts(body, { registry: DEFAULT_PARTIES }),
}));
