import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { getRateWithHistory } from "../../shared/store/fx-rates.ts";

export const handler = httpHandler(routes.getFxRate, async ({ params, deps }) => ({
  body: await getRateWithHistory(deps, params.currency, params.date),
}));
