import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { patchWebhook } from "../../shared/webhooks/subscriptions.ts";

export const handler = httpHandler(routes.patchWebhook, async ({ params, body, deps }) => ({
  body: await patchWebhook(deps, params.id, body),
}));
