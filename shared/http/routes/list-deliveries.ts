/** GET /webhooks/{id}/deliveries in the route table: its spec, in a module of its own so its handler bundles only this. */
import { deliveriesQuery, deliverySchema, webhookIdParams } from "../../webhooks/schema.ts";
import { route } from "../route.ts";
import { auth, notFound, page, problemResponse } from "../route-parts.ts";

export const listDeliveriesRoute = route({
  method: "GET",
  path: "/webhooks/{id}/deliveries",
  file: "functions/webhooks/deliveries.ts",
  scope: "admin",
  summary: "A webhook's deliveries with their attempts, newest first, optionally of one status",
  params: webhookIdParams,
  query: deliveriesQuery,
  responses: {
    200: { description: "a page", schema: page(deliverySchema) },
    400: problemResponse("forged or stale cursor"),
    422: problemResponse("invalid filter"),
    ...auth,
    ...notFound,
  },
});
