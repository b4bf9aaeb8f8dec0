import { httpHandler } from "../../shared/http/handler.ts";
import { createApiKeyRoute } from "../../shared/http/routes/create-api-key.ts";
import { createApiKey } from "../../shared/store/api-keys.ts";

export const handler = httpHandler(createApiKeyRoute, async ({ body, deps }) => {
  const apiKey = await createApiKey(deps, body);
  return {
    status: 201,
    body: apiKey,
    headers: { location: `/api-keys/${apiKey.id}`, "cache-control": "no-store" },
  };
});
