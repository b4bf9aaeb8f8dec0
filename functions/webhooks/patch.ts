import { httpHandler } from "../../shared/http/handler.ts";
import { patchWebhookRoute } from "../../shared/http/routes/patch-webhook.ts";
import { patchWebhook } from "../../shared/webhooks/subscribe.ts";

export const handler = httpHandler(patchWebhookRoute, async ({ params, body, deps }) => ({
  body: await patchWebhook(deps, params.id, body),
}));
