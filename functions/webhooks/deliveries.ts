import { httpHandler } from "../../shared/http/handler.ts";
import { listDeliveriesRoute } from "../../shared/http/routes/list-deliveries.ts";
import { deliveriesOf } from "../../shared/webhooks/deliveries.ts";

export const handler = httpHandler(listDeliveriesRoute, async ({ params, query, deps }) => ({
  body: await deliveriesOf(deps, params.id, query),
}));
