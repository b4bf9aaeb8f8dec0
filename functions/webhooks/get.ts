import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { requireWebhook, toWebhook } from "../../shared/webhooks/subscriptions.ts";

export const handler = httpHandler(routes.getWebhook, async ({ params, deps }) => ({
  body: toWebhook(await requireWebhook(deps, params.id), deps.now()),
}));
