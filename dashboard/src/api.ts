/**
 * Reads the public API, as any client would: JSON in, problem+json errors turned into ApiError. Writes (the
 * article page's) send the API key a person typed, as a Bearer token.
 */
import { type Query, toParams } from "./route.ts";

/** The API's origin: "" when the dashboard is served by the API itself, set at build time when deployed apart. */
declare const __API_URL__: string;
const API_URL = __API_URL__.replace(/\/+$/, "");

export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  readonly errors: { path: string; message: string }[];
  /** The problem document as sent (`existingId`, `candidates`, …); empty when the answer was not one. */
  readonly problem: Record<string, unknown>;

  constructor(
    status: number,
    message: string,
    errors: { path: string; message: string }[] = [],
    problem: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = status;
    this.errors = errors;
    this.problem = problem;
  }
}

/** The API URL of a path and query (empty values are left out): for fetches, and for links such as the CSV. */
export function apiUrl(path: string, query: Query = {}): string {
  const search = toParams(query).toString();
  return `${API_URL}${path}${search ? `?${search}` : ""}`;
}

/** GET a JSON document; a 4xx/5xx becomes an ApiError with the problem's title and detail. */
export async function getJson<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T> {
  const response = await fetch(apiUrl(path, query), {
    headers: { accept: "application/json" },
    signal: signal ?? null,
  });
  if (response.ok) return (await response.json()) as T;
  throw await failure(response);
}

/** A write (POST, PUT) of a JSON body with the API key; a 4xx/5xx becomes an ApiError carrying the problem. */
export async function sendJson<T>(
  method: "POST" | "PUT",
  path: string,
  body: unknown,
  key: string,
  query: Query = {},
): Promise<T> {
  const response = await fetch(apiUrl(path, query), {
    method,
    headers: {
      accept: "application/json",
      "content-type": "application/json",
      authorization: `Bearer ${key}`,
    },
    body: JSON.stringify(body),
  });
  if (response.ok) return (await response.json()) as T;
  throw await failure(response);
}

async function failure(response: Response): Promise<ApiError> {
  let message = `${response.status} ${response.statusText}`;
  let errors: { path: string; message: string }[] = [];
  let problem: Record<string, unknown> = {};
  try {
    problem = (await response.json()) as Record<string, unknown>;
    message = [problem.title, problem.detail].filter(Boolean).join(": ") || message;
    errors = Array.isArray(problem.errors) ? (problem.errors as typeof errors) : [];
  } catch {
    // Not problem+json (a proxy's page): the status line says enough.
  }
  return new ApiError(response.status, message, errors, problem);
}

/** The pages of a listing, up to `maxPages`; `complete` says whether the last one was reached. */
export async function getPages<T>(
  path: string,
  query: Query,
  maxPages: number,
  signal?: AbortSignal,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const params = toParams(query);
    if (cursor) params.set("cursor", cursor);
    const result = await getJson<{ items: T[]; nextCursor: string | null }>(path, params, signal);
    items.push(...result.items);
    if (!result.nextCursor) return { items, complete: true };
    cursor = result.nextCursor;
  }
  return { items, complete: false };
}
