import { httpHandler } from "../../shared/http/handler.ts";
import { putFxRateRoute } from "../../shared/http/routes/put-fx-rate.ts";
import { putFxRate } from "../../shared/store/reconvert.ts";

export const handler = httpHandler(putFxRateRoute, async ({ params, body, principal, deps }) => ({
  body: await putFxRate(deps, params.currency, params.date, body, principal.id),
}));
