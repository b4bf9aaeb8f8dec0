/** API Gateway HTTP API (payload format 2.0) events, shaped as Lambda receives them, for tests of handlers. */
import type { APIGatewayProxyEventV2 } from "aws-lambda";

export interface EventOptions {
  method?: string;
  /** The route's path template, e.g. "/commitments/{id}". */
  route?: string;
  /** The path as requested, e.g. "/commitments/cmt_1". */
  path?: string;
  /** Lower-case names, as API Gateway sends them. */
  headers?: Record<string, string>;
  /** Pairs rather than an object, so that a "__proto__" name becomes a key as it does in the JSON Lambda parses. */
  query?: [string, string][];
  pathParameters?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  requestId?: string;
}

export function apiGatewayEvent(options: EventOptions = {}): APIGatewayProxyEventV2 {
  const method = options.method ?? "GET";
  const route = options.route ?? "/";
  const path = options.path ?? route;
  const query = options.query ?? [];
  const routeKey = `${method} ${route}`;
  const headers = { host: "api.example.test", "user-agent": "vitest", ...options.headers };
  return {
    version: "2.0",
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers,
    ...(query.length > 0 ? { queryStringParameters: Object.fromEntries(query) } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: "api1234567",
      domainName: headers.host,
      domainPrefix: headers.host.split(".")[0] ?? headers.host,
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "192.0.2.10", userAgent: headers["user-agent"] },
      requestId: options.requestId ?? "req-test-0001",
      routeKey,
      stage: "$default",
      time: "03/Jan/2025:12:00:00 +0000",
      timeEpoch: Date.UTC(2025, 0, 3, 12),
    },
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
}
