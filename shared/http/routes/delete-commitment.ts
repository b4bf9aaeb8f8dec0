/** DELETE /commitments/{id} in the route table: its spec, in a module of its own so its handler bundles only this. */
import { byId } from "../commitment-params.ts";
import { route } from "../route.ts";
import { auth, notFound, problemResponse } from "../route-parts.ts";

export const deleteCommitmentRoute = route({
  method: "DELETE",
  path: "/commitments/{id}",
  file: "functions/commitments/delete.ts",
  scope: "admin",
  summary: "Remove a commitment from queries and totals; its revisions stay readable",
  params: byId,
  responses: {
    204: { description: "deleted" },
    ...auth,
    ...notFound,
    409: problemResponse("other commitments are parts of this one"),
  },
});
