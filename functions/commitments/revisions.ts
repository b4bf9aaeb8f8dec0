import { listRevisions } from "../../shared/commitments/reads.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";

export const handler = httpHandler(routes.listRevisions, async ({ params, query, deps }) => ({
  body: await listRevisions(deps, params.id, query.limit, query.cursor),
}));
