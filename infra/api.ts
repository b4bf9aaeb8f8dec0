/** The HTTP API: every route of the route table (shared/http/routes.ts) to its handler, the rest to the fallback. */
import { handlerName, routeKey } from "../shared/http/route.ts";
import { fallbackRoute, routeList } from "../shared/http/routes.ts";
import { adminKey, cursorKey, webhookSecretKey } from "./secrets.ts";
import { table } from "./table.ts";

export const api = new sst.aws.ApiGatewayV2("Api", {
  accessLog: { retention: $app.stage === "production" ? "1 year" : "1 month" },
  cors: {
    allowOrigins: ["*"],
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ["authorization", "content-type", "if-match", "idempotency-key", "accept"],
    exposeHeaders: [
      "etag",
      "location",
      "x-request-id",
      "retry-after",
      "link",
      "x-next-cursor",
      "x-export-rows",
      "content-disposition",
    ],
    maxAge: "1 hour",
  },
  transform: {
    route: {
      // API Gateway waits 30 s for an integration: every route's function gives up before that.
      handler: (args) => {
        args.timeout ??= "25 seconds";
      },
    },
  },
});

for (const route of routeList) {
  api.route(routeKey(route), {
    handler: handlerName(route),
    link: [table, adminKey, cursorKey, webhookSecretKey],
    // A stage setting, read at deploy time: READ_ACCESS=key npx sst deploy … makes reads need a key.
    environment: { READ_ACCESS: process.env.READ_ACCESS === "key" ? "key" : "public" },
  });
}
api.route("$default", { handler: handlerName(fallbackRoute) });
