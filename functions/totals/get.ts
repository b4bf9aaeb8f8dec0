import { httpHandler } from "../../shared/http/handler.ts";
import { totalsRoute } from "../../shared/http/routes/totals.ts";
import { readTotals } from "../../shared/store/totals.ts";

export const handler = httpHandler(totalsRoute, async ({ query, deps }) => ({
  body: await readTotals(deps, query),
}));
