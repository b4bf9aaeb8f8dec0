import { httpHandler } from "../../shared/http/handler.ts";
import { rotateWebhookSecretRoute } from "../../shared/http/routes/rotate-webhook-secret.ts";
import { rotateWebhookSecret } from "../../shared/webhooks/subscriptions.ts";

export const handler = httpHandler(rotateWebhookSecretRoute, async ({ params, query, deps }) => {
  const overlapMs = query.overlapSeconds === undefined ? undefined : query.overlapSeconds * 1000;
  return {
    body: await rotateWebhookSecret(deps, params.id, overlapMs),
    headers: { "cache-control": "no-store" },
  };
});
