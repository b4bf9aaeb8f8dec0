import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { listWebhooks } from "../../shared/webhooks/subscriptions.ts";

export const handler = httpHandler(routes.listWebhooks, async ({ query, deps }) => ({
  body: await listWebhooks(deps, query.limit, query.cursor),
}));
