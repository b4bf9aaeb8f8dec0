import { httpHandler } from "../../shared/http/handler.ts";
import { getFxRateRoute } from "../../shared/http/routes/get-fx-rate.ts";
import { getRateWithHistory } from "../../shared/store/fx-rates.ts";

export const handler = httpHandler(getFxRateRoute, async ({ params, deps }) => ({
  body: await getRateWithHistory(deps, params.currency, params.date),
}));
