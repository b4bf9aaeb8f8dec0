import { httpHandler } from "../../shared/http/handler.ts";
import { createWebhookRoute } from "../../shared/http/routes/create-webhook.ts";
import { createWebhook } from "../../shared/webhooks/subscribe.ts";

export const handler = httpHandler(createWebhookRoute, async ({ body, deps }) => {
  const webhook = await createWebhook(deps, body);
  return {
    status: 201,
    body: webhook,
    headers: { location: `/webhooks/${webhook.id}`, "cache-control": "no-store" },
  };
});
