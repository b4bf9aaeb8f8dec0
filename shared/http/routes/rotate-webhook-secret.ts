/** POST /webhooks/{id}/rotate-secret in the route table: its spec, in a module of its own so its handler bundles only this. */
import { rotateQuery, webhookIdParams, webhookSchema } from "../../webhooks/schema.ts";
import { route } from "../route.ts";
import { auth, notFound, problemResponse } from "../route-parts.ts";

export const rotateWebhookSecretRoute = route({
  method: "POST",
  path: "/webhooks/{id}/rotate-secret",
  file: "functions/webhooks/rotate-secret.ts",
  scope: "admin",
  summary: "A new signing secret, shown once; the previous one also signs until previousSecretExpiresAt",
  params: webhookIdParams,
  query: rotateQuery,
  responses: {
    200: { description: "the webhook with its new secret", schema: webhookSchema },
    ...auth,
    ...notFound,
    409: problemResponse("another rotation happened meanwhile"),
    422: problemResponse("invalid overlap"),
  },
});
