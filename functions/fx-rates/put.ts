import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { putFxRate } from "../../shared/store/reconvert.ts";

export const handler = httpHandler(routes.putFxRate, async ({ params, body, principal, deps }) => ({
  body: await putFxRate(deps, params.currency, params.date, body, principal.id),
}));
