/** The shape of one route: written once in routes.ts, read by the handlers, sst.config.ts, the local stack and tests. */
import type * as z from "../zod.ts";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
/** `public` never asks for a key; `read` does only when the stage sets READ_ACCESS=key. */
export type RouteScope = "public" | "read" | "write" | "admin";

export interface ResponseSpec {
  description: string;
  schema?: z.core.$ZodType;
  contentType?: string;
  /** Further representations of the same response (an export as CSV), by content type. */
  alternatives?: Record<string, z.core.$ZodType>;
  /** Response headers this route sets beyond the ones the document derives (openapi-responses.ts). */
  headers?: Record<string, ResponseHeader>;
}

export interface ResponseHeader {
  description: string;
  /** Sent on every response of that status (default false). */
  required?: boolean;
}

/** A request header the route reads, with the rule its value must follow. */
export interface RequestHeader {
  name: string;
  required: boolean;
  description: string;
  /** The value's pattern, as the handler checks it. */
  pattern?: string;
}

export interface RouteSpec {
  method: Method;
  path: string;
  /** The handler file, relative to the project root; it exports `handler`. */
  file: string;
  scope: RouteScope;
  summary: string;
  body?: z.core.$ZodType;
  /** Accepted request content types when there is a body (default: application/json). */
  bodyTypes?: readonly string[];
  query?: z.core.$ZodType;
  params?: z.core.$ZodType;
  /** Request headers the route reads, for the OpenAPI document. */
  headers?: readonly RequestHeader[];
  responses: Record<number, ResponseSpec>;
}

const documented = new WeakMap<z.core.$ZodType, z.core.$ZodType>();

/**
 * Lets `schema` decide what is accepted while the OpenAPI document shows `shown` (a schema with an id) in its
 * place: a batch takes any item so that each is checked on its own and a bad one fails alone, yet the document
 * says what an item must be.
 */
export function documentedAs<T extends z.core.$ZodType>(schema: T, shown: z.core.$ZodType): T {
  documented.set(schema, shown);
  return schema;
}

/** The schema the document shows in place of `schema`, if any. */
export function shownInDocument(schema: z.core.$ZodType): z.core.$ZodType | undefined {
  return documented.get(schema);
}

export function route<const S extends RouteSpec>(spec: S): S {
  return spec;
}

/** "POST /commitments": the API Gateway route key. */
export function routeKey(spec: Pick<RouteSpec, "method" | "path">): string {
  return `${spec.method} ${spec.path}`;
}

/** "functions/commitments/create.ts" → "functions/commitments/create.handler" (SST's handler notation). */
export function handlerName(spec: Pick<RouteSpec, "file">): string {
  return `${spec.file.replace(/\.ts$/, "")}.handler`;
}
