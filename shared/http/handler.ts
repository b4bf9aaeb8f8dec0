/**
 * The one wrapper every HTTP handler goes through: it checks the key and scope, parses and validates the body,
 * query and path with the route's schemas, runs the handler on already-valid input, and turns values and typed
 * errors into API Gateway (payload 2.0) responses. Nothing else in the project knows API Gateway's shapes.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { type Deps, defaultDeps } from "../deps.ts";
import { scopeAllows } from "../domain/api-key.ts";
import {
  BadRequestError,
  ForbiddenError,
  fieldErrorsFrom,
  PayloadTooLargeError,
  TrackerError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "../errors.ts";
import { logger } from "../lambda/logger.ts";
import { authenticate, type Principal } from "../store/api-keys.ts";
import * as z from "../zod.ts";
import { toProblem } from "./problem.ts";
import { type RateLimitState, rateLimitHeaders } from "./rate-limit.ts";
import type { RouteSpec } from "./route.ts";

export const MAX_BODY_BYTES = 256 * 1024;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

type Infer<T> = T extends z.core.$ZodType ? z.output<T> : undefined;

export interface HttpRequest<S extends RouteSpec> {
  body: Infer<S["body"]>;
  query: Infer<S["query"]>;
  params: Infer<S["params"]>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  principal: Principal;
  requestId: string;
  path: string;
  deps: Deps;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Set for non-JSON bodies (CSV, Markdown, HTML); the body is then sent as the string it is. */
  contentType?: string;
}

export type LambdaHttpHandler = (
  event: APIGatewayProxyEventV2,
  context?: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
export type HttpHandler = LambdaHttpHandler & { withDeps(deps: Deps): LambdaHttpHandler };

/** Wraps a route's implementation into a Lambda handler; `.withDeps` binds other deps (local stack, tests). */
export function httpHandler<S extends RouteSpec>(
  spec: S,
  run: (request: HttpRequest<S>) => Promise<Reply>,
): HttpHandler {
  const bound =
    (getDeps: () => Deps): LambdaHttpHandler =>
    async (event, context) => {
      // Deployed, every log line of the invocation names the function, its request id and a cold start.
      if (context) logger.addContext(context);
      const requestId = event.requestContext?.requestId ?? "unknown";
      const sourceIp = event.requestContext?.http?.sourceIp ?? "unknown";
      let limit: RateLimitState | undefined;
      try {
        const deps = getDeps();
        const headers = lowerCaseHeaders(event.headers);
        // Counted before anything runs, a refused key against its source IP, so a 429 changes nothing.
        const principal = await authorize(spec, headers, deps).catch((error: unknown) => {
          limit = deps.rateLimiter.admit(undefined, sourceIp, deps.now());
          throw error;
        });
        limit = deps.rateLimiter.admit(principal, sourceIp, deps.now());
        const request = {
          body: spec.body ? validate(spec.body, parseBody(spec, event, headers), "") : refuseBody(event),
          query: validate(spec.query ?? NO_PARAMETERS, queryObject(event), "query"),
          params: spec.params ? validate(spec.params, event.pathParameters ?? {}, "path") : undefined,
          headers,
          principal,
          requestId,
          path: event.rawPath,
          deps,
        } as HttpRequest<S>;
        return withRateLimit(toResponse(await run(request), requestId), limit);
      } catch (error) {
        return withRateLimit(problemResponse(error, requestId, event.rawPath), limit);
      }
    };
  return Object.assign(bound(defaultDeps), { withDeps: (deps: Deps) => bound(() => deps) });
}

async function authorize(spec: RouteSpec, headers: Record<string, string>, deps: Deps): Promise<Principal> {
  const authorization = headers.authorization;
  const anonymous: Principal = { id: "anonymous", scope: null };
  if (spec.scope === "public") return anonymous;
  if (authorization === undefined) {
    if (spec.scope === "read" && deps.readAccess === "public") return anonymous;
    throw new UnauthorizedError("this route needs an API key: Authorization: Bearer <key>", {
      headers: { "www-authenticate": 'Bearer realm="ai-infra-tracker"' },
    });
  }
  const match = /^Bearer ([\x21-\x7e]{1,200})$/.exec(authorization);
  const principal = match?.[1] ? await authenticate(deps, match[1]) : undefined;
  if (!principal)
    throw new UnauthorizedError("the API key is not valid", {
      headers: { "www-authenticate": 'Bearer realm="ai-infra-tracker", error="invalid_token"' },
    });
  if (spec.scope !== "read" || deps.readAccess === "key") {
    if (!principal.scope || !scopeAllows(principal.scope, spec.scope === "read" ? "read" : spec.scope))
      throw new ForbiddenError(`this route needs the ${spec.scope} scope; the key has ${principal.scope}`);
  }
  return principal;
}

function lowerCaseHeaders(headers: APIGatewayProxyEventV2["headers"]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    if (value !== undefined) result[name.toLowerCase()] = value;
  return result;
}

function parseBody(spec: RouteSpec, event: APIGatewayProxyEventV2, headers: Record<string, string>): unknown {
  const raw = event.body ?? "";
  const bytes = event.isBase64Encoded ? Buffer.from(raw, "base64") : Buffer.from(raw, "utf8");
  if (bytes.byteLength > MAX_BODY_BYTES)
    throw new PayloadTooLargeError(`the body is ${bytes.byteLength} bytes; the limit is ${MAX_BODY_BYTES}`);
  const accepted = spec.bodyTypes ?? ["application/json"];
  const [mediaType = "", ...parameters] = (headers["content-type"] ?? "")
    .split(";")
    .map((part) => part.trim().toLowerCase());
  const charset = parameters.find((parameter) => parameter.startsWith("charset="))?.slice("charset=".length);
  if (!accepted.includes(mediaType) || (charset !== undefined && charset.replace(/"/g, "") !== "utf-8"))
    throw new UnsupportedMediaTypeError(`send the body as ${accepted.join(" or ")} (UTF-8)`);
  if (bytes.byteLength === 0) throw new BadRequestError("a JSON body is required");
  let text: string;
  try {
    // Fatal: bytes that are not UTF-8 are refused, never stored as U+FFFD in their place.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new BadRequestError("the body is not valid UTF-8");
  }
  try {
    return JSON.parse(text, (key, value) => {
      if (FORBIDDEN_KEYS.has(key))
        throw new BadRequestError(`the key "${key}" is not allowed anywhere in a body`);
      return value;
    });
  } catch (error) {
    if (error instanceof TrackerError) throw error;
    throw new BadRequestError(`the body is not valid JSON: ${(error as Error).message}`);
  }
}

/** The query of a route that takes none: any parameter is a 422 naming it, as an unknown one is anywhere. */
const NO_PARAMETERS = z.strictObject({});

/** A route that takes no body refuses one, rather than ignoring what the client meant it to do. */
function refuseBody(event: APIGatewayProxyEventV2): undefined {
  if (event.body) throw new BadRequestError("this route takes no body; send the request without one");
  return undefined;
}

function queryObject(event: APIGatewayProxyEventV2): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (FORBIDDEN_KEYS.has(name)) throw new BadRequestError(`the query parameter "${name}" is not allowed`);
    if (value !== undefined) query[name] = value;
  }
  return query;
}

/** Validates with a schema; every issue becomes a `{ path, message }` of a 422. */
export function validate<T extends z.core.$ZodType>(
  schema: T,
  value: unknown,
  location: string,
): z.output<T> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  throw new ValidationError(`the ${location || "body"} is not valid`, {
    errors: fieldErrorsFrom(result.error, location),
  });
}

function toResponse(reply: Reply, requestId: string): APIGatewayProxyStructuredResultV2 {
  const status = reply.status ?? 200;
  const headers = { "x-request-id": requestId, ...reply.headers };
  if (reply.body === undefined || status === 204) return { statusCode: status, headers, body: "" };
  if (reply.contentType)
    return {
      statusCode: status,
      headers: { "content-type": reply.contentType, ...headers },
      body: String(reply.body),
    };
  return {
    statusCode: status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(reply.body),
  };
}

function withRateLimit(
  response: APIGatewayProxyStructuredResultV2,
  limit: RateLimitState | undefined,
): APIGatewayProxyStructuredResultV2 {
  return limit ? { ...response, headers: { ...response.headers, ...rateLimitHeaders(limit) } } : response;
}

/** Errors as problem+json; anything unexpected is logged and answered with the request id only. */
export function problemResponse(
  error: unknown,
  requestId: string,
  instance: string,
): APIGatewayProxyStructuredResultV2 {
  if (!(error instanceof TrackerError)) logger.error("unhandled error", { requestId, error: error as Error });
  const problem = toProblem(error, instance, requestId);
  return {
    statusCode: problem.status,
    headers: {
      "content-type": "application/problem+json",
      "x-request-id": requestId,
      ...(error instanceof TrackerError ? error.headers : {}),
    },
    body: JSON.stringify(problem),
  };
}
