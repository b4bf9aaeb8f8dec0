/** DELETE /webhooks/{id} in the route table: its spec, in a module of its own so its handler bundles only this. */
import { webhookIdParams } from "../../webhooks/schema.ts";
import { route } from "../route.ts";
import { auth, notFound } from "../route-parts.ts";

export const deleteWebhookRoute = route({
  method: "DELETE",
  path: "/webhooks/{id}",
  file: "functions/webhooks/delete.ts",
  scope: "admin",
  summary: "Unsubscribe; pending deliveries are abandoned",
  params: webhookIdParams,
  responses: { 204: { description: "deleted" }, ...auth, ...notFound },
});
