import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { pingWebhook } from "../../shared/webhooks/replay.ts";

export const handler = httpHandler(routes.pingWebhook, async ({ params, deps }) => ({
  body: await pingWebhook(deps, params.id),
}));
