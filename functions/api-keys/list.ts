import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { listApiKeys } from "../../shared/store/api-keys.ts";

export const handler = httpHandler(routes.listApiKeys, async ({ query, deps }) => ({
  body: await listApiKeys(deps, query.limit, query.cursor),
}));
