import { httpHandler } from "../../shared/http/handler.ts";
import { servedDocument } from "../../shared/http/openapi-served.ts";
import { openapiRoute } from "../../shared/http/routes/openapi.ts";

export const handler = httpHandler(openapiRoute, async () => ({ body: servedDocument }));
