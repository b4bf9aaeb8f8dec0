/** One error tree for the whole project: each error knows its HTTP status and problem type. */
import type { FieldError, ProblemExtensions } from "./http/problem.ts";

export type { FieldError };

export interface TrackerErrorOptions {
  cause?: unknown;
  detail?: string;
  errors?: FieldError[];
  /** Members added to the problem; the Problem schema declares each one. */
  extra?: ProblemExtensions;
  headers?: Record<string, string>;
}

export class TrackerError extends Error {
  readonly status: number = 500;
  readonly type: string = "internal-error";
  readonly title: string = "Internal error";
  readonly errors: FieldError[] | undefined;
  readonly extra: ProblemExtensions;
  readonly headers: Record<string, string>;

  constructor(message: string, options: TrackerErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.errors = options.errors;
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
  }
}

export class BadRequestError extends TrackerError {
  override readonly status = 400;
  override readonly type = "bad-request";
  override readonly title = "Bad request";
}

export class ValidationError extends TrackerError {
  override readonly status = 422;
  override readonly type = "validation-failed";
  override readonly title = "The request is not valid";
}

export class UnauthorizedError extends TrackerError {
  override readonly status = 401;
  override readonly type = "unauthorized";
  override readonly title = "Missing or invalid API key";
}

export class ForbiddenError extends TrackerError {
  override readonly status = 403;
  override readonly type = "forbidden";
  override readonly title = "The API key's scope is too small";
}

export class NotFoundError extends TrackerError {
  override readonly status = 404;
  override readonly type = "not-found";
  override readonly title = "Not found";
}

export class MethodNotAllowedError extends TrackerError {
  override readonly status = 405;
  override readonly type = "method-not-allowed";
  override readonly title = "Method not allowed";
}

export class ConflictError extends TrackerError {
  override readonly status = 409;
  override readonly type = "conflict";
  override readonly title = "Conflict";
}

export class DuplicateError extends TrackerError {
  override readonly status = 409;
  override readonly type = "duplicate";
  // Exact (the same fingerprint) or near (a figure within 5 %...): `detail` says which, and names the record.
  override readonly title = "The ledger already has this commitment, or one like it";
}

export class PreconditionFailedError extends TrackerError {
  override readonly status = 412;
  override readonly type = "precondition-failed";
  override readonly title = "The version is stale";
}

export class PayloadTooLargeError extends TrackerError {
  override readonly status = 413;
  override readonly type = "payload-too-large";
  override readonly title = "The body is too large";
}

export class UnsupportedMediaTypeError extends TrackerError {
  override readonly status = 415;
  override readonly type = "unsupported-media-type";
  override readonly title = "Unsupported media type";
}

export class PreconditionRequiredError extends TrackerError {
  override readonly status = 428;
  override readonly type = "precondition-required";
  override readonly title = "If-Match is required";
}

export class TooManyRequestsError extends TrackerError {
  override readonly status = 429;
  override readonly type = "too-many-requests";
  override readonly title = "Too many requests";
}

export class ServiceUnavailableError extends TrackerError {
  override readonly status = 503;
  override readonly type = "service-unavailable";
  override readonly title = "Service unavailable";
}

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

/** One `{ path, message }` per invalid field; an unknown key is reported at its own path. */
export function fieldErrorsFrom(error: { issues: ZodIssueLike[] }, location = ""): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [location, ...issue.path.map(String)].filter(Boolean);
    if (issue.code === "unrecognized_keys" && issue.keys?.length)
      return issue.keys.map((key) => ({ path: [...base, key].join("."), message: `unknown field "${key}"` }));
    return [{ path: base.join(".") || "(root)", message: issue.message }];
  });
}
