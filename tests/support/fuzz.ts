/**
 * Requests generated from the OpenAPI document with fast-check: for each operation, path parameters, query
 * parameters, request headers and bodies drawn from the document's own JSON schemas (what a client reading the
 * document would send), mixed with hostile values (wrong types, unknown members, odd strings). Write routes go
 * without a key, with a read key or with a forged one, so that nothing may be written; the two that write nothing
 * by design (POST /drafts, and POST /commitments/batch with ?dryRun=true) also go with the admin key.
 */
import fc from "fast-check";
import { openApiDocument } from "../../shared/http/openapi.ts";

type Schema = Record<string, unknown>;

export type Auth = "none" | "read" | "admin" | "forged";

export interface FuzzRequest {
  method: string;
  /** The path with its query string. */
  url: string;
  auth: Auth;
  headers: Record<string, string>;
  body?: string;
}

interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

const MAX_DEPTH = 4;

function resolve(schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  const name = ref.slice("#/components/schemas/".length);
  const target = openApiDocument().components.schemas[name];
  if (!target) throw new Error(`no component ${name}`);
  return target as Schema;
}

function stringFrom(schema: Schema): fc.Arbitrary<string> {
  if (typeof schema.pattern === "string") {
    try {
      return fc.stringMatching(new RegExp(schema.pattern, "u"));
    } catch {
      return fc.string();
    }
  }
  if (schema.format === "date")
    return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (schema.format === "date-time") return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === "uri") return fc.webUrl();
  if (schema.format === "email") return fc.emailAddress();
  const maxLength = Math.min(typeof schema.maxLength === "number" ? schema.maxLength : 40, 40);
  return fc.string({ maxLength, unit: "grapheme" });
}

/** Values a JSON schema allows, most of the time: patterns and formats are followed, refinements are not. */
export function valueFrom(input: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  if (depth > MAX_DEPTH) return fc.constant(null);
  if ("const" in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((each) => valueFrom(each, depth + 1)));
  if (Array.isArray(schema.allOf) && schema.allOf[0]) return valueFrom(schema.allOf[0] as Schema, depth + 1);
  if (Array.isArray(schema.type))
    return fc.oneof(...schema.type.map((type) => valueFrom({ ...schema, type }, depth)));
  switch (schema.type) {
    case "string":
      return stringFrom(schema);
    case "integer":
      return fc.integer({
        min: Math.max(typeof schema.minimum === "number" ? schema.minimum : -1e6, -1e9),
        max: Math.min(typeof schema.maximum === "number" ? schema.maximum : 1e6, 1e9),
      });
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(valueFrom((schema.items as Schema) ?? {}, depth + 1), { maxLength: 3 });
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const model = Object.fromEntries(
        Object.entries(properties).map(([name, each]) => [name, valueFrom(each, depth + 1)]),
      );
      return fc.record(model, { requiredKeys: (schema.required as string[] | undefined) ?? [] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Strings a careless server trips on. */
const oddString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ maxLength: 30, unit: "binary" }),
  fc.constantFrom(
    "",
    " ",
    "__proto__",
    "constructor",
    "null",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9".repeat(400),
    "../../etc/passwd",
    "%00",
    "%",
    "'; DROP TABLE x; --",
    "<script>alert(1)</script>",
    "1.000000000000000000001",
    "2025-02-30",
    'W/"0"',
    "cmt_00000000000000000000000000",
  ),
);

/** A header value fetch can send: visible ASCII and spaces. */
const headerString = fc.oneof(
  fc.string({
    maxLength: 40,
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  }),
  fc.constantFrom("", 'W/"1"', '"999999999"', "*", "Bearer", "a".repeat(300)),
);

/** A body: one the schema allows, one it nearly allows (an unknown member), or anything at all. */
function bodyFrom(schema: Schema | undefined): fc.Arbitrary<string | undefined> {
  const valid = schema ? valueFrom(schema) : fc.constant({});
  return fc.oneof(
    valid.map((value) => JSON.stringify(value)),
    fc
      .tuple(valid, fc.constantFrom("__proto__", "extra", "constructor"), fc.jsonValue({ maxDepth: 1 }))
      .map(([value, key, extra]) =>
        typeof value === "object" && value !== null
          ? JSON.stringify(value).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(extra)},`)
          : JSON.stringify(value),
      ),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
    fc.constantFrom("", "{", "[1,", "null", '"x"', '{"a":1}{', "\ufeff{}", '{"items":[]}'),
    fc.constant(undefined),
  );
}

/** Path values: a generated one, one of the stack's own ids (to reach deeper), or an odd string. */
function pathValue(schema: Schema, known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    valueFrom(schema).map(String),
    ...(known.length > 0 ? [fc.constantFrom(...known)] : []),
    oddString,
  );
}

/** Requests for one operation of the document. */
export function requestsFor(
  path: string,
  method: string,
  known: readonly string[] = [],
): fc.Arbitrary<FuzzRequest> {
  const operation = openApiDocument().paths[path]?.[method] as Operation | undefined;
  if (!operation) throw new Error(`no operation ${method} ${path}`);
  const parameters = operation.parameters ?? [];
  const of = (where: Parameter["in"]) => parameters.filter((parameter) => parameter.in === where);
  const record = (list: Parameter[], value: (parameter: Parameter) => fc.Arbitrary<string>) =>
    fc.record(Object.fromEntries(list.map((parameter) => [parameter.name, value(parameter)])), {
      requiredKeys: list.filter((parameter) => parameter.in === "path").map((parameter) => parameter.name),
    });
  const queryValue = (parameter: Parameter) =>
    fc.oneof(
      valueFrom(parameter.schema).map((value) => String(value)),
      oddString,
    );
  const headerValue = (parameter: Parameter) =>
    fc.oneof(
      typeof parameter.schema.pattern === "string"
        ? fc
            .stringMatching(new RegExp(parameter.schema.pattern))
            .filter((value) => /^[\x20-\x7e]*$/.test(value))
        : headerString,
      headerString,
    );
  const content = operation.requestBody?.content ?? {};
  const bodyTypes = Object.keys(content);
  const write = method !== "get";
  // What a write may go with and still write nothing: no key, a read key, a forged key; the admin key only where
  // the route writes nothing by design.
  const dryRun = path === "/commitments/batch";
  const auths: Auth[] =
    !write || path === "/drafts" || dryRun ? ["none", "read", "admin", "forged"] : ["none", "read", "forged"];

  return fc
    .record({
      auth: fc.constantFrom(...auths),
      params: record(of("path"), (parameter) => pathValue(parameter.schema, known)),
      query: record(of("query"), queryValue),
      unknownQuery: fc.option(fc.tuple(fc.constantFrom("x", "__proto__", "limit[]", ""), oddString)),
      headers: record(of("header"), headerValue),
      contentType: fc.constantFrom(...bodyTypes, "text/plain", "application/json; charset=latin1", ""),
      body: bodyFrom(content[bodyTypes[0] ?? ""]?.schema),
    })
    .map(({ auth, params, query, unknownQuery, headers, contentType, body }) => {
      const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) =>
        encodeURIComponent(String(params[name] ?? "x")),
      );
      const search = new URLSearchParams(query as Record<string, string>);
      if (unknownQuery) search.append(...unknownQuery);
      if (dryRun && auth === "admin") search.set("dryRun", "true");
      const text = search.toString();
      const sent: Record<string, string> = { ...(headers as Record<string, string>) };
      if (contentType && body !== undefined) sent["content-type"] = contentType;
      return {
        method: method.toUpperCase(),
        url: text ? `${filled}?${text}` : filled,
        auth,
        headers: sent,
        ...(body !== undefined && write ? { body } : {}),
      };
    });
}

/** Every operation of the document, as [path, method]. */
export function operations(): [string, string][] {
  return Object.entries(openApiDocument().paths).flatMap(([path, item]) =>
    Object.keys(item).map((method): [string, string] => [path, method]),
  );
}
