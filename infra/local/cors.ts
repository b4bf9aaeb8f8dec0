/**
 * CORS in the local stack as API Gateway answers it (shared/http/cors.ts): a preflight (OPTIONS with Origin and
 * Access-Control-Request-Method) is answered by the gateway itself, before any route; any other request with an
 * Origin gets the allowed origin and the exposed headers on its answer.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { corsPolicy } from "../../shared/http/cors.ts";

/** The headers a response to a cross-origin request carries; none without an Origin. */
export function corsHeaders(request: IncomingMessage): Record<string, string> {
  if (request.headers.origin === undefined) return {};
  return {
    "access-control-allow-origin": corsPolicy.allowOrigins.join(","),
    "access-control-expose-headers": corsPolicy.exposeHeaders.join(","),
  };
}

/** Answers a preflight and says so; anything else is left to the routes. */
export function answerPreflight(request: IncomingMessage, response: ServerResponse): boolean {
  if (
    request.method !== "OPTIONS" ||
    request.headers.origin === undefined ||
    request.headers["access-control-request-method"] === undefined
  )
    return false;
  response.writeHead(204, {
    "access-control-allow-origin": corsPolicy.allowOrigins.join(","),
    "access-control-allow-methods": corsPolicy.allowMethods.join(","),
    "access-control-allow-headers": corsPolicy.allowHeaders.join(","),
    "access-control-max-age": String(corsPolicy.maxAgeSeconds),
    "content-length": "0",
  });
  response.end();
  return true;
}
