import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { createApiKey } from "../../shared/store/api-keys.ts";

export const handler = httpHandler(routes.createApiKey, async ({ body, deps }) => {
  const apiKey = await createApiKey(deps, body);
  return {
    status: 201,
    body: apiKey,
    headers: { location: `/api-keys/${apiKey.id}`, "cache-control": "no-store" },
  };
});
