import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { revokeApiKey } from "../../shared/store/api-keys.ts";

export const handler = httpHandler(routes.revokeApiKey, async ({ params, deps }) => {
  await revokeApiKey(deps, params.id);
  return { status: 204 };
});
