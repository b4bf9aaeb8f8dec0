import { httpHandler } from "../../shared/http/handler.ts";
import { redeliverRoute } from "../../shared/http/routes/redeliver.ts";
import { redeliver } from "../../shared/webhooks/replay.ts";

export const handler = httpHandler(redeliverRoute, async ({ params, deps }) => {
  const { delivery, attempted } = await redeliver(deps, params.id, params.deliveryId);
  return { status: attempted ? 200 : 202, body: delivery };
});
