/**
 * Turns a plain HTTP request into the event API Gateway (HTTP API, payload format 2.0) would hand the Lambda,
 * so the local stack runs the deployed handlers unchanged. Rules followed, as API Gateway applies them:
 * header names lower-cased and repeated headers joined with ","; the Cookie header moved to `cookies`; repeated
 * query parameters joined with ","; `body` omitted when empty, base64 (isBase64Encoded) unless textual and UTF-8
 * (as text, bytes that are not UTF-8 would reach the handler already replaced by U+FFFD).
 */
import { isUtf8 } from "node:buffer";
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2 } from "aws-lambda";

export interface LocalRequest {
  method: string;
  /** The request target as received: path and query string, still percent-encoded. */
  url: string;
  /** Name/value pairs in the order received, names in any case (node's `rawHeaders`, paired). */
  headers: readonly (readonly [string, string])[];
  body: Buffer;
  sourceIp: string;
  /** "HTTP/1.1" */
  protocol: string;
}

export interface RouteTarget {
  /** "POST /commitments", or "$default" for the catch-all route. */
  routeKey: string;
  pathParameters?: Record<string, string>;
}

export const LOCAL_ACCOUNT_ID = "000000000000";
export const LOCAL_API_ID = "local";

const TEXTUAL = [
  /^text\//,
  /^application\/(.+\+)?json$/,
  /^application\/(.+\+)?xml$/,
  /^application\/x-www-form-urlencoded$/,
  /^application\/javascript$/,
];

/** True when API Gateway would pass a body of this content type as text rather than base64. */
export function isTextual(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return TEXTUAL.some((pattern) => pattern.test(mediaType));
}

/** Splits a request target into its raw path and raw query string (no decoding, no fragment). */
export function splitTarget(url: string): { rawPath: string; rawQueryString: string } {
  const withoutFragment = url.split("#")[0] ?? "";
  const at = withoutFragment.indexOf("?");
  return at === -1
    ? { rawPath: withoutFragment || "/", rawQueryString: "" }
    : { rawPath: withoutFragment.slice(0, at) || "/", rawQueryString: withoutFragment.slice(at + 1) };
}

export function toApiGatewayEvent(
  request: LocalRequest,
  target: RouteTarget,
  now = new Date(),
): APIGatewayProxyEventV2 {
  const { rawPath, rawQueryString } = splitTarget(request.url);
  const headers: Record<string, string> = Object.create(null);
  const cookies: string[] = [];
  for (const [rawName, value] of request.headers) {
    const name = rawName.toLowerCase();
    if (name === "cookie") {
      cookies.push(
        ...value
          .split(";")
          .map((cookie) => cookie.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  headers["x-forwarded-for"] ??= request.sourceIp;
  headers["x-forwarded-proto"] ??= "http";
  const domainName = headers.host ?? "localhost";

  // No prototype: "__proto__" or "constructor" is a parameter like any other, as in the event API Gateway sends.
  const queryStringParameters: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    queryStringParameters[name] =
      name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  }

  const requestId = randomUUID();
  const textual = isTextual(headers["content-type"]) && isUtf8(request.body);
  const hasBody = request.body.byteLength > 0;
  return {
    version: "2.0",
    routeKey: target.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    ...(target.pathParameters && Object.keys(target.pathParameters).length > 0
      ? { pathParameters: target.pathParameters }
      : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: LOCAL_API_ID,
      domainName,
      domainPrefix: domainName.split(".")[0] ?? domainName,
      http: {
        method: request.method,
        path: rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId,
      routeKey: target.routeKey,
      stage: "$default",
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(hasBody ? { body: textual ? request.body.toString("utf8") : request.body.toString("base64") } : {}),
    isBase64Encoded: hasBody && !textual,
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "12/Mar/2020:19:03:58 +0000", API Gateway's requestContext.time. */
function clfTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
