/** POST /webhooks in the route table: its spec, in a module of its own so its handler bundles only this. */
import { webhookInput, webhookSchema } from "../../webhooks/schema.ts";
import { route } from "../route.ts";
import { auth, created, invalid, problemResponse } from "../route-parts.ts";

export const createWebhookRoute = route({
  method: "POST",
  path: "/webhooks",
  file: "functions/webhooks/create.ts",
  scope: "admin",
  summary: "Subscribe a URL to events; the signing secret (whsec_…) is shown once",
  body: webhookInput,
  responses: {
    201: created(webhookSchema),
    ...invalid,
    422: problemResponse("invalid, or a URL the SSRF rules refuse (private, loopback, link-local, …)"),
    ...auth,
  },
});
