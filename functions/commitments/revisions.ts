import { listRevisions } from "../../shared/commitments/reads.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { listRevisionsRoute } from "../../shared/http/routes/list-revisions.ts";

export const handler = httpHandler(listRevisionsRoute, async ({ params, query, deps }) => ({
  body: await listRevisions(deps, params.id, query.limit, query.cursor),
}));
