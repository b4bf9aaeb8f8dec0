import { httpHandler } from "../../shared/http/handler.ts";
import { openApiDocument } from "../../shared/http/openapi.ts";
import { openapiRoute } from "../../shared/http/routes/openapi.ts";

export const handler = httpHandler(openapiRoute, async () => ({ body: openApiDocument() }));
