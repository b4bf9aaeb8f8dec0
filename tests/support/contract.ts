/**
 * Checks a response against the OpenAPI document, as a strict client would: the status is declared for the
 * operation, the media type is one it serves, a JSON body satisfies the declared schema (Ajv, JSON Schema
 * 2020-12, the document's own dialect), the headers the document requires are sent, and every header with a
 * meaning of its own that is sent is declared. The e2e client (http.ts) checks every response it receives;
 * contract-check.ts fails the test file on any mismatch.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { openApiDocument } from "../../shared/http/openapi.ts";
import { matchRoute } from "../../shared/http/router.ts";

// ajv-formats is CommonJS: its default export is the function.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface HeaderObject {
  required?: boolean;
}
interface ResponseObject {
  content?: Record<string, unknown>;
  headers?: Record<string, HeaderObject>;
}
interface Operation {
  responses: Record<string, ResponseObject>;
}

const DOCUMENT_ID = "openapi";
let ajv: Ajv2020 | undefined;

function validator(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(JSON.parse(JSON.stringify(openApiDocument())), DOCUMENT_ID);
  }
  return ajv;
}

/** Headers whose presence says something a client acts on: each one sent must be declared. */
const MEANINGFUL =
  /^(etag|location|link|retry-after|www-authenticate|idempotent-replayed|content-disposition|ratelimit-.*|x-.*)$/;

/** A media type without its parameters: `text/csv; charset=utf-8` → `text/csv`. */
const bare = (type: string) => (type.split(";")[0] ?? "").trim().toLowerCase();

const pointer = (...segments: string[]) =>
  segments.map((segment) => segment.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

export interface Exchange {
  method: string;
  /** The path with its query string, as requested. */
  url: string;
  status: number;
  headers: Headers;
  text: string;
}

/** What is wrong with one response, by the document; empty when it agrees (or the route is not in it). */
export function contractMismatches(exchange: Exchange): string[] {
  const path = new URL(exchange.url, "http://localhost").pathname;
  const match = matchRoute(exchange.method, path);
  // Unknown routes and methods are answered by the fallback, which the document does not describe.
  if (match.kind !== "found") return [];
  const method = exchange.method.toLowerCase();
  const operation = openApiDocument().paths[match.route.path]?.[method] as Operation | undefined;
  const where = `${exchange.method} ${match.route.path} → ${exchange.status}`;
  const response = operation?.responses[String(exchange.status)];
  if (!response) return [`${where}: the status is not declared`];

  const problems: string[] = [];
  const declaredHeaders = Object.entries(response.headers ?? {});
  for (const [name, header] of declaredHeaders)
    if (header.required && !exchange.headers.has(name))
      problems.push(`${where}: the header ${name} is missing`);
  const declaredNames = new Set(declaredHeaders.map(([name]) => name.toLowerCase()));
  for (const [name] of exchange.headers)
    if (MEANINGFUL.test(name) && !declaredNames.has(name))
      problems.push(`${where}: the header ${name} is not declared`);

  const mediaType = bare(exchange.headers.get("content-type") ?? "");
  const declaredTypes = Object.keys(response.content ?? {});
  if (declaredTypes.length === 0) {
    if (exchange.text !== "") problems.push(`${where}: a body is sent where none is declared`);
    return problems;
  }
  const declaredType = declaredTypes.find((type) => bare(type) === mediaType);
  if (declaredType === undefined) {
    problems.push(
      `${where}: ${mediaType || "no content type"} is not declared (${declaredTypes.join(", ")})`,
    );
    return problems;
  }
  if (!/^application\/([a-z.+-]+\+)?json$/.test(mediaType)) return problems;
  const schemaPath = ["paths", match.route.path, method, "responses", String(exchange.status), "content"];
  const ref = `${DOCUMENT_ID}#/${pointer(...schemaPath, declaredType, "schema")}`;
  const validate = validator().getSchema(ref);
  if (!validate) return [...problems, `${where}: no schema at ${ref}`];
  let body: unknown;
  try {
    body = JSON.parse(exchange.text);
  } catch {
    return [...problems, `${where}: the body is not JSON`];
  }
  if (!validate(body))
    problems.push(
      `${where}: the body does not satisfy the schema: ${validator().errorsText(validate.errors, { dataVar: "body" })}`,
    );
  return problems;
}

const recorded: string[] = [];

/** Checks an exchange and keeps what is wrong with it for `takeMismatches`. */
export function recordExchange(exchange: Exchange): void {
  recorded.push(...contractMismatches(exchange));
}

/** The mismatches recorded since the last call. */
export function takeMismatches(): string[] {
  return recorded.splice(0);
}
