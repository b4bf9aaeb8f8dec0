import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { deleteWebhook } from "../../shared/webhooks/subscriptions.ts";

export const handler = httpHandler(routes.deleteWebhook, async ({ params, deps }) => {
  await deleteWebhook(deps, params.id);
  return { status: 204 };
});
