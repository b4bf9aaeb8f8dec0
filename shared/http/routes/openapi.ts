/** GET /openapi.json in the route table. */
import * as z from "../../zod.ts";
import { route } from "../route.ts";

export const openapiRoute = route({
  method: "GET",
  path: "/openapi.json",
  file: "functions/openapi/get.ts",
  scope: "public",
  summary: "This OpenAPI 3.1 document",
  responses: { 200: { description: "the document", schema: z.record(z.string(), z.unknown()) } },
});
