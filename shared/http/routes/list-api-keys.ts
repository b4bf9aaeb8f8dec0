/** GET /api-keys in the route table: its spec, in a module of its own so its handler bundles only this. */
import { apiKeySchema } from "../../domain/api-key.ts";
import { route } from "../route.ts";
import { auth, page, pageQuery } from "../route-parts.ts";

export const listApiKeysRoute = route({
  method: "GET",
  path: "/api-keys",
  file: "functions/api-keys/list.ts",
  scope: "admin",
  summary: "API keys (never the keys themselves)",
  query: pageQuery,
  responses: { 200: { description: "a page", schema: page(apiKeySchema) }, ...auth },
});
