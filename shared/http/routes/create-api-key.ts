/** POST /api-keys in the route table: its spec, in a module of its own so its handler bundles only this. */
import { apiKeyInput, apiKeySchema } from "../../domain/api-key.ts";
import { route } from "../route.ts";
import { auth, created, invalid } from "../route-parts.ts";

export const createApiKeyRoute = route({
  method: "POST",
  path: "/api-keys",
  file: "functions/api-keys/create.ts",
  scope: "admin",
  summary: "Create an API key; the key is shown once",
  body: apiKeyInput,
  responses: { 201: created(apiKeySchema), ...invalid, ...auth },
});
