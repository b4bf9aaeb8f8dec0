import { httpHandler } from "../../shared/http/handler.ts";
import { revokeApiKeyRoute } from "../../shared/http/routes/revoke-api-key.ts";
import { revokeApiKey } from "../../shared/store/api-keys.ts";

export const handler = httpHandler(revokeApiKeyRoute, async ({ params, deps }) => {
  await revokeApiKey(deps, params.id);
  return { status: 204 };
});
