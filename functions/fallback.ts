import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Deps } from "../shared/deps.ts";
import { readRateLimitSettings } from "../shared/env.ts";
import { MethodNotAllowedError, NotFoundError } from "../shared/errors.ts";
import { problemResponse } from "../shared/http/handler.ts";
import { RateLimiter, rateLimitHeaders } from "../shared/http/rate-limit.ts";
import { routeKeys } from "../shared/http/route-keys.ts";
import { matchIn } from "../shared/http/route-match.ts";

type Fallback = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * API Gateway's $default route: an unknown path is a 404, a known path with another method a 405. Each counts
 * against its source IP's bucket, as a request without a key does anywhere, so probing for paths is limited too.
 */
function fallback(limiter: () => RateLimiter, now: () => Date): Fallback {
  return async (event) => {
    const requestId = event.requestContext.requestId;
    try {
      const limit = limiter().admit(undefined, event.requestContext.http.sourceIp, now());
      const match = matchIn(routeKeys, event.requestContext.http.method, event.rawPath);
      const error =
        match.kind === "method-not-allowed"
          ? new MethodNotAllowedError(`${event.requestContext.http.method} is not allowed here`, {
              headers: { allow: match.allow.join(", "), ...rateLimitHeaders(limit) },
            })
          : new NotFoundError(`no route for ${event.rawPath}`, { headers: rateLimitHeaders(limit) });
      return problemResponse(error, requestId, event.rawPath);
    } catch (error) {
      return problemResponse(error, requestId, event.rawPath);
    }
  };
}

let processLimiter: RateLimiter | undefined;

export const handler = Object.assign(
  fallback(
    () => (processLimiter ??= new RateLimiter(readRateLimitSettings())),
    () => new Date(),
  ),
  /** The local stack's: its one limiter and clock, shared with every route. */
  { withDeps: (deps: Deps) => fallback(() => deps.rateLimiter, deps.now) },
);
