/**
 * The HTTP API: every route of the route table (shared/http/routes.ts) to its handler, the rest to the fallback.
 * Two layers of rate limits: the stage's throttling (burst and steady rate, over every client together, before any
 * function runs) and, under it, the per-key and per-IP buckets each function instance keeps
 * (shared/http/rate-limit.ts). Both are stage settings read at deploy time, e.g.
 * `API_THROTTLE_RATE=200 RATE_LIMIT_PER_MINUTE=1200 npx sst deploy --stage production`.
 */
import { WRITE_DEADLINE_SECONDS } from "../shared/domain/periods.ts";
import { corsPolicy } from "../shared/http/cors.ts";
import { defaultRateLimits } from "../shared/http/rate-limit.ts";
import { handlerName, routeKey } from "../shared/http/route.ts";
import { fallbackRoute, routeList } from "../shared/http/routes.ts";
import { adminKey, cursorKey, webhookSecretKey } from "./secrets.ts";
import { table } from "./table.ts";

/** A whole number from the deploying shell, or the fallback. */
function deploySetting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number above 0`);
  return value;
}

/** What every route's function reads: read access and its per-client limits (shared/env.ts). */
const routeEnvironment = {
  // READ_ACCESS=key npx sst deploy … makes reads need a key.
  READ_ACCESS: process.env.READ_ACCESS === "key" ? "key" : "public",
  RATE_LIMIT_PER_MINUTE: String(deploySetting("RATE_LIMIT_PER_MINUTE", defaultRateLimits.keyPerMinute)),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(
    deploySetting("RATE_LIMIT_ANONYMOUS_PER_MINUTE", defaultRateLimits.anonymousPerMinute),
  ),
};

export const api = new sst.aws.ApiGatewayV2("Api", {
  accessLog: { retention: $app.stage === "production" ? "1 year" : "1 month" },
  cors: {
    allowOrigins: corsPolicy.allowOrigins,
    allowMethods: corsPolicy.allowMethods,
    allowHeaders: corsPolicy.allowHeaders,
    exposeHeaders: corsPolicy.exposeHeaders,
    maxAge: `${corsPolicy.maxAgeSeconds} seconds` as const,
  },
  transform: {
    stage: (args) => {
      // Requests a second over the whole API, and how many may come at once, before API Gateway answers 429.
      args.defaultRouteSettings = {
        throttlingRateLimit: deploySetting("API_THROTTLE_RATE", 100),
        throttlingBurstLimit: deploySetting("API_THROTTLE_BURST", 200),
      };
    },
    route: {
      // API Gateway waits 30 s for an integration: every route's function gives up before that. Summaries wait
      // for this deadline past a period's end before they count it complete.
      handler: (args) => {
        args.timeout ??= `${WRITE_DEADLINE_SECONDS} seconds`;
      },
    },
  },
});

for (const route of routeList) {
  api.route(routeKey(route), {
    handler: handlerName(route),
    link: [table, adminKey, cursorKey, webhookSecretKey],
    environment: routeEnvironment,
  });
}
// The 404s and 405s count against their source IP's bucket, as any request without a key does.
api.route("$default", {
  handler: handlerName(fallbackRoute),
  environment: {
    RATE_LIMIT_PER_MINUTE: routeEnvironment.RATE_LIMIT_PER_MINUTE,
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: routeEnvironment.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
  },
});
