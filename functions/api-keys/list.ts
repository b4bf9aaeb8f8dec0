import { httpHandler } from "../../shared/http/handler.ts";
import { listApiKeysRoute } from "../../shared/http/routes/list-api-keys.ts";
import { listApiKeys } from "../../shared/store/api-keys.ts";

export const handler = httpHandler(listApiKeysRoute, async ({ query, deps }) => ({
  body: await listApiKeys(deps, query.limit, query.cursor),
}));
