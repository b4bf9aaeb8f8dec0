import { httpHandler } from "../../shared/http/handler.ts";
import { healthRoute } from "../../shared/http/routes/health.ts";
import { checkHealth } from "../../shared/store/health.ts";

export const handler = httpHandler(healthRoute, async ({ deps }) => ({ body: await checkHealth(deps) }));
