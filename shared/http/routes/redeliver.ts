/** POST /webhooks/{id}/deliveries/{deliveryId}/redeliver in the route table: its spec, in a module of its own so its handler bundles only this. */
import { deliveryParams, deliverySchema } from "../../webhooks/schema.ts";
import { route } from "../route.ts";
import { auth, notFound, problemResponse } from "../route-parts.ts";

export const redeliverRoute = route({
  method: "POST",
  path: "/webhooks/{id}/deliveries/{deliveryId}/redeliver",
  file: "functions/webhooks/redeliver.ts",
  scope: "admin",
  summary: "Send a delivery again now, with the same webhook-id, and restart its retry schedule",
  params: deliveryParams,
  responses: {
    200: { description: "the delivery, after the new attempt", schema: deliverySchema },
    202: {
      description:
        "the delivery as it stands: put back on its schedule, it was taken first by the retry job, which sends it (its log shows the attempt once made)",
      schema: deliverySchema,
    },
    ...auth,
    ...notFound,
    409: problemResponse("the webhook is disabled, or the delivery is being attempted right now"),
  },
});
