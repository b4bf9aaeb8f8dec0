/** GET /commitments/{id}/revisions in the route table: its spec, in a module of its own so its handler bundles only this. */
import { revisionSchema } from "../../commitments/schema.ts";
import { byId } from "../commitment-params.ts";
import { route } from "../route.ts";
import { auth, notFound, page, pageQuery } from "../route-parts.ts";

export const listRevisionsRoute = route({
  method: "GET",
  path: "/commitments/{id}/revisions",
  file: "functions/commitments/revisions.ts",
  scope: "read",
  summary: "A commitment's revisions, newest first",
  params: byId,
  query: pageQuery,
  responses: { 200: { description: "a page", schema: page(revisionSchema) }, ...notFound, ...auth },
});
