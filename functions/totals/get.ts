import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { readTotals } from "../../shared/store/totals.ts";

export const handler = httpHandler(routes.totals, async ({ query, deps }) => ({
  body: await readTotals(deps, query),
}));
