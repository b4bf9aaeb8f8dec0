/** GET /webhooks/{id} in the route table: its spec, in a module of its own so its handler bundles only this. */
import { webhookIdParams, webhookSchema } from "../../webhooks/schema.ts";
import { route } from "../route.ts";
import { auth, notFound } from "../route-parts.ts";

export const getWebhookRoute = route({
  method: "GET",
  path: "/webhooks/{id}",
  file: "functions/webhooks/get.ts",
  scope: "admin",
  summary: "One webhook subscription",
  params: webhookIdParams,
  responses: { 200: { description: "the webhook", schema: webhookSchema }, ...notFound, ...auth },
});
