/** POST /webhooks/{id}/ping in the route table: its spec, in a module of its own so its handler bundles only this. */
import { deliverySchema, webhookIdParams } from "../../webhooks/schema.ts";
import { route } from "../route.ts";
import { auth, notFound, problemResponse } from "../route-parts.ts";

export const pingWebhookRoute = route({
  method: "POST",
  path: "/webhooks/{id}/ping",
  file: "functions/webhooks/ping.ts",
  scope: "admin",
  summary: "Send a webhook.ping event now and answer with its delivery",
  params: webhookIdParams,
  responses: {
    200: { description: "the delivery, after its first attempt", schema: deliverySchema },
    ...auth,
    ...notFound,
    409: problemResponse("a ping with the same id was recorded at the same moment; retry"),
  },
});
