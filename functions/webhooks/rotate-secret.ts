import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { rotateWebhookSecret } from "../../shared/webhooks/subscriptions.ts";

export const handler = httpHandler(routes.rotateWebhookSecret, async ({ params, query, deps }) => {
  const overlapMs = query.overlapSeconds === undefined ? undefined : query.overlapSeconds * 1000;
  return {
    body: await rotateWebhookSecret(deps, params.id, overlapMs),
    headers: { "cache-control": "no-store" },
  };
});
