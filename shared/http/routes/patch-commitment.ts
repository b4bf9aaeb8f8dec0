/** PATCH /commitments/{id} in the route table: its spec, in a module of its own so its handler bundles only this. */
import { commitmentPatch, commitmentSchema } from "../../commitments/schema.ts";
import { byId } from "../commitment-params.ts";
import { route } from "../route.ts";
import { auth, createQuery, ifMatch, invalid, notFound, problemResponse } from "../route-parts.ts";

export const patchCommitmentRoute = route({
  method: "PATCH",
  path: "/commitments/{id}",
  file: "functions/commitments/patch.ts",
  scope: "write",
  summary: "Revise a commitment with a JSON merge patch",
  params: byId,
  body: commitmentPatch,
  bodyTypes: ["application/merge-patch+json", "application/json"],
  query: createQuery,
  headers: [ifMatch],
  responses: {
    200: { description: "the revised commitment", schema: commitmentSchema },
    ...invalid,
    ...auth,
    ...notFound,
    409: problemResponse("the change would duplicate another commitment or make a cycle"),
    412: problemResponse("If-Match does not name the current version"),
    428: problemResponse("If-Match is missing"),
  },
});
