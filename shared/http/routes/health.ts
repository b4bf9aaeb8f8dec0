/** GET /health in the route table. */
import * as z from "../../zod.ts";
import { route } from "../route.ts";
import { problemResponse } from "../route-parts.ts";

export const healthRoute = route({
  method: "GET",
  path: "/health",
  file: "functions/health/get.ts",
  scope: "public",
  summary: "Liveness, including that DynamoDB answers",
  responses: {
    200: {
      description: "healthy",
      schema: z.object({ status: z.literal("ok"), dynamodb: z.literal("ok") }),
    },
    503: problemResponse("DynamoDB does not answer"),
  },
});
