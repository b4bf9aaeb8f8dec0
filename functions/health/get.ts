import { httpHandler } from "../../shared/http/handler.ts";
import { routes } from "../../shared/http/routes.ts";
import { checkHealth } from "../../shared/store/health.ts";

export const handler = httpHandler(routes.health, async ({ deps }) => ({ body: await checkHealth(deps) }));
