import { httpHandler } from "../../shared/http/handler.ts";
import { deleteWebhookRoute } from "../../shared/http/routes/delete-webhook.ts";
import { deleteWebhook } from "../../shared/webhooks/subscriptions.ts";

export const handler = httpHandler(deleteWebhookRoute, async ({ params, deps }) => {
  await deleteWebhook(deps, params.id);
  return { status: 204 };
});
