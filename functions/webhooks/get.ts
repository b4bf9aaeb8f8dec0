import { httpHandler } from "../../shared/http/handler.ts";
import { getWebhookRoute } from "../../shared/http/routes/get-webhook.ts";
import { requireWebhook, toWebhook } from "../../shared/webhooks/subscriptions.ts";

export const handler = httpHandler(getWebhookRoute, async ({ params, deps }) => ({
  body: toWebhook(await requireWebhook(deps, params.id), deps.now()),
}));
