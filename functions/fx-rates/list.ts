import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { listRates } from "../../shared/store/fx-rates.ts";

export const handler = httpHandler(routes.listFxRates, async ({ query, deps }) => ({
  body: await listRates(deps, query),
}));
