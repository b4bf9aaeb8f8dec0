import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { deliveriesOf } from "../../shared/webhooks/replay.ts";

export const handler = httpHandler(routes.listDeliveries, async ({ params, query, deps }) => ({
  body: await deliveriesOf(deps, params.id, query),
}));
