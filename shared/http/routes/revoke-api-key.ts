/** DELETE /api-keys/{id} in the route table. */
import * as z from "../../zod.ts";
import { route } from "../route.ts";
import { auth, notFound } from "../route-parts.ts";

export const revokeApiKeyRoute = route({
  method: "DELETE",
  path: "/api-keys/{id}",
  file: "functions/api-keys/delete.ts",
  scope: "admin",
  summary: "Revoke an API key",
  params: z.strictObject({
    id: z.string().check(z.regex(/^key_[0-9A-HJKMNP-TV-Z]{26}$/, "must be an API key id")),
  }),
  responses: { 204: { description: "revoked" }, ...auth, ...notFound },
});
