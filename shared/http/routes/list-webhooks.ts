/** GET /webhooks in the route table: its spec, in a module of its own so its handler bundles only this. */
import { webhookSchema } from "../../webhooks/schema.ts";
import { route } from "../route.ts";
import { auth, page, pageQuery } from "../route-parts.ts";

export const listWebhooksRoute = route({
  method: "GET",
  path: "/webhooks",
  file: "functions/webhooks/list.ts",
  scope: "admin",
  summary: "Webhook subscriptions (never their secrets)",
  query: pageQuery,
  responses: { 200: { description: "a page", schema: page(webhookSchema) }, ...auth },
});
