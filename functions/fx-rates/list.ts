import { httpHandler } from "../../shared/http/handler.ts";
import { listFxRatesRoute } from "../../shared/http/routes/list-fx-rates.ts";
import { listRates } from "../../shared/store/fx-rates.ts";

export const handler = httpHandler(listFxRatesRoute, async ({ query, deps }) => ({
  body: await listRates(deps, query),
}));
