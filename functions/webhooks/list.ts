import { httpHandler } from "../../shared/http/handler.ts";
import { listWebhooksRoute } from "../../shared/http/routes/list-webhooks.ts";
import { listWebhooks } from "../../shared/webhooks/subscriptions.ts";

export const handler = httpHandler(listWebhooksRoute, async ({ query, deps }) => ({
  body: await listWebhooks(deps, query.limit, query.cursor),
}));
