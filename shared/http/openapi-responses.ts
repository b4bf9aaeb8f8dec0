/**
 * What the OpenAPI document derives from a route's spec rather than each route saying it: the statuses any route
 * of its kind can answer (a body can be malformed, a keyed route refuses a missing key, a path names something
 * that may not exist …), the response headers every answer or every answer of a kind carries, and the tags.
 */
import type { ResponseHeader, ResponseSpec, RouteSpec } from "./route.ts";
import { problemResponse } from "./route-parts.ts";

type Derived = Record<number, ResponseSpec>;

/** The statuses a route can answer because of what it takes, before its own `responses` (which win). */
export function derivedResponses(spec: RouteSpec): Derived {
  const headers = spec.headers ?? [];
  const responses: Derived = {};
  const add = (when: unknown, statuses: Record<number, string>) => {
    if (when)
      for (const [status, text] of Object.entries(statuses))
        responses[Number(status)] = problemResponse(text);
  };
  // Any route: one that takes no body or query refuses one (400, 422) rather than ignoring it.
  add(true, {
    400: spec.body
      ? "malformed request: body, JSON, query parameter, header or cursor"
      : "malformed request (a body, which this route does not take, a query parameter or a header)",
  });
  add(spec.scope !== "public", {
    401:
      spec.scope === "read"
        ? "missing or invalid API key (a read needs one only where the stage sets READ_ACCESS=key)"
        : "missing or invalid API key",
    403: `the API key's scope is too small: this route needs ${spec.scope}`,
  });
  add(spec.params, { 404: "no such resource" });
  add(spec.method !== "GET", {
    409: "the change conflicts with the stored state, or with a concurrent change; retry",
  });
  add(
    headers.some((header) => header.name === "If-Match"),
    { 412: "If-Match does not name the current version", 428: "If-Match is missing" },
  );
  add(spec.body, {
    413: "body larger than 256 KiB",
    415: `the body is not ${(spec.bodyTypes ?? ["application/json"]).join(" or ")} (UTF-8)`,
  });
  add(true, {
    422:
      spec.body || spec.query
        ? "the body, query or path does not satisfy the schema"
        : "a query parameter, which this route does not take, or a path that does not satisfy the schema",
  });
  add(true, {
    429: "too many requests: wait for Retry-After seconds",
    500: "an unexpected error; quote requestId when reporting it",
    503: "DynamoDB or another dependency does not answer; retry later",
  });
  return responses;
}

const integer = { type: "integer", format: "int32", minimum: 0, maximum: 2_147_483_647 };
const text = (maxLength: number) => ({ type: "string", maxLength });

interface HeaderObject {
  description: string;
  required: boolean;
  schema: Record<string, unknown>;
}

const header = (description: string, schema: Record<string, unknown>, required = false): HeaderObject => ({
  description,
  required,
  schema,
});

/** On every response: the request id, and the rate limit the response counts against. */
const EVERY_RESPONSE: Record<string, HeaderObject> = {
  "X-Request-Id": header("the request's id, to quote when reporting a problem", text(200), true),
  "RateLimit-Limit": header("requests allowed per window", integer),
  "RateLimit-Remaining": header("requests left in the current window", integer),
  "RateLimit-Reset": header("seconds until the current window ends", integer),
  "Access-Control-Allow-Origin": header(
    "* on a deployment, when the request names an Origin (API Gateway's CORS); the local stack sends none",
    { type: "string", enum: ["*"] },
  ),
};

/** The schema a 2xx response carries its version as ETag with: the commitment's. */
const VERSIONED = "#/components/schemas/Commitment";

/**
 * The headers of one response: those on every response, those its status implies (Location on a 201, ETag with
 * a commitment, Retry-After on a 429, WWW-Authenticate on a 401), and the route's own.
 */
export function responseHeaders(
  spec: RouteSpec,
  status: number,
  schemaRef: string | undefined,
  own: Record<string, ResponseHeader> = {},
): Record<string, HeaderObject> {
  const success = status >= 200 && status < 300;
  const idempotent = (spec.headers ?? []).some((candidate) => candidate.name === "Idempotency-Key");
  return {
    ...EVERY_RESPONSE,
    ...(status === 201 ? { Location: header("the URL of what was created", text(2000), true) } : {}),
    ...(success && schemaRef === VERSIONED
      ? { ETag: header('the commitment\'s version, quoted ("3"): send it back as If-Match', text(12), true) }
      : {}),
    ...(success && idempotent
      ? {
          "Idempotent-Replayed": header(
            "true when the response repeats the one first given under the same Idempotency-Key",
            { type: "string", enum: ["true"] },
          ),
        }
      : {}),
    ...(status === 401
      ? { "WWW-Authenticate": header("the Bearer challenge (RFC 6750)", text(200), true) }
      : {}),
    ...(status === 429
      ? { "Retry-After": header("seconds to wait before trying again", integer, true) }
      : {}),
    ...Object.fromEntries(
      Object.entries(own).map(([name, value]) => [
        name,
        header(value.description, text(4000), value.required ?? false),
      ]),
    ),
  };
}

const TAGS: Record<string, string> = {
  commitments: "Investment commitments: record, revise, list, export and their revisions",
  drafts: "Drafts of commitments read from an announcement's text",
  parties: "The parties that fund, lead or take part in commitments",
  totals: "Exact totals over the commitments",
  "fx-rates": "The exchange rates amounts are converted to US dollars with",
  summaries: "Weekly and monthly summaries, as JSON, Markdown, HTML and an Atom feed",
  "api-keys": "API keys and their scopes",
  webhooks: "Webhook subscriptions (Standard Webhooks) and their deliveries",
  service: "Health and this document",
};

/** The tag of a route: its path's first segment (service routes share one). */
export function tagOf(spec: RouteSpec): string {
  const first = spec.path.split("/")[1] ?? "";
  return first in TAGS ? first : "service";
}

export const tags = Object.entries(TAGS).map(([name, description]) => ({ name, description }));

/** A sentence on who may call the route, to follow its summary in the operation's description. */
export function accessNote(spec: RouteSpec): string {
  if (spec.scope === "public") return "Public: no API key.";
  if (spec.scope === "read")
    return "Public unless the stage sets READ_ACCESS=key; then an API key (Authorization: Bearer <key>) of any scope.";
  return `Needs an API key with the ${spec.scope} scope: Authorization: Bearer <key>.`;
}
