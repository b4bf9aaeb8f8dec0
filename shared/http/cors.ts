/**
 * The API's CORS policy, one list for API Gateway (infra/api.ts) and the local stack (infra/local/cors.ts): any
 * origin, the dashboard's among them, may call it from a browser. That is safe because the API takes its key from
 * the Authorization header only, never a cookie: a page on another origin holds no credential the browser would
 * add for it, so it can read nothing that `curl` could not. Browsers get to read the headers a client needs (the
 * version, where a new record is, the next page, a replayed create, the rate limits).
 */
export const corsPolicy = {
  allowOrigins: ["*"],
  allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"] as ("GET" | "POST" | "PUT" | "PATCH" | "DELETE")[],
  /** The request headers the API reads. */
  allowHeaders: ["authorization", "content-type", "if-match", "idempotency-key", "accept"],
  exposeHeaders: [
    "etag",
    "location",
    "link",
    "x-next-cursor",
    "x-export-rows",
    "content-disposition",
    "idempotent-replayed",
    "ratelimit-limit",
    "ratelimit-remaining",
    "ratelimit-reset",
    "retry-after",
    "x-request-id",
  ],
  /** How long a browser may keep a preflight's answer. */
  maxAgeSeconds: 3600,
};
