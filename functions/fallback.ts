import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { MethodNotAllowedError, NotFoundError } from "../shared/errors.ts";
import { problemResponse } from "../shared/http/handler.ts";
import { routeKeys } from "../shared/http/route-keys.ts";
import { matchIn } from "../shared/http/route-match.ts";

/** API Gateway's $default route: an unknown path is a 404, a known path with another method a 405. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const match = matchIn(routeKeys, event.requestContext.http.method, event.rawPath);
  const requestId = event.requestContext.requestId;
  if (match.kind === "method-not-allowed") {
    const error = new MethodNotAllowedError(`${event.requestContext.http.method} is not allowed here`, {
      headers: { allow: match.allow.join(", ") },
    });
    return problemResponse(error, requestId, event.rawPath);
  }
  return problemResponse(new NotFoundError(`no route for ${event.rawPath}`), requestId, event.rawPath);
}
