import { httpHandler } from "../../shared/http/handler.ts";
import { pingWebhookRoute } from "../../shared/http/routes/ping-webhook.ts";
import { pingWebhook } from "../../shared/webhooks/replay.ts";

export const handler = httpHandler(pingWebhookRoute, async ({ params, deps }) => ({
  body: await pingWebhook(deps, params.id),
}));
