import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { redeliver } from "../../shared/webhooks/replay.ts";

export const handler = httpHandler(routes.redeliver, async ({ params, deps }) => ({
  body: await redeliver(deps, params.id, params.deliveryId),
}));
