/** GET /commitments/{id} in the route table: its spec, in a module of its own so its handler bundles only this. */
import { commitmentSchema } from "../../commitments/schema.ts";
import { byId } from "../commitment-params.ts";
import { route } from "../route.ts";
import { auth, notFound } from "../route-parts.ts";

export const getCommitmentRoute = route({
  method: "GET",
  path: "/commitments/{id}",
  file: "functions/commitments/get.ts",
  scope: "read",
  summary: "One commitment, with its version as ETag",
  params: byId,
  responses: { 200: { description: "the commitment", schema: commitmentSchema }, ...notFound, ...auth },
});
