/** PATCH /webhooks/{id} in the route table: its spec, in a module of its own so its handler bundles only this. */
import { webhookIdParams, webhookPatch, webhookSchema } from "../../webhooks/schema.ts";
import { route } from "../route.ts";
import { auth, invalid, notFound, problemResponse } from "../route-parts.ts";

export const patchWebhookRoute = route({
  method: "PATCH",
  path: "/webhooks/{id}",
  file: "functions/webhooks/patch.ts",
  scope: "admin",
  summary: "Change a subscription with a JSON merge patch; enabling it again clears its failure record",
  params: webhookIdParams,
  body: webhookPatch,
  bodyTypes: ["application/merge-patch+json", "application/json"],
  responses: {
    200: { description: "the webhook", schema: webhookSchema },
    ...invalid,
    ...auth,
    ...notFound,
    409: problemResponse("the webhook kept changing while the patch was applied; retry"),
  },
});
