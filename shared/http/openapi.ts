/**
 * The OpenAPI 3.1 document, generated from the route table and the very zod schemas that validate requests.
 * Schemas carrying `.meta({ id })` become `components.schemas` entries referenced with `$ref`; the rest is
 * inlined where the route uses it. Requests are described as zod reads them (`io: "input"`), responses as the
 * handlers produce them (`io: "output"`). A schema marked with `documentedAs` is shown as the named one it
 * stands for.
 */

import packageJson from "../../package.json" with { type: "json" };
import * as z from "../zod.ts";
import { accessNote, derivedResponses, responseHeaders, tagOf, tags } from "./openapi-responses.ts";
import { type RouteScope, type RouteSpec, shownInDocument } from "./route.ts";
import { routes } from "./routes.ts";

type Io = "input" | "output";
type JsonSchema = z.core.JSONSchema.BaseSchema;

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: Record<string, unknown>[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

const COMPONENTS = "#/components/schemas/";
/** Route schemas without an id get a temporary one that can never collide with a `.meta({ id })`. */
const UNNAMED = "~unnamed-";
const JSON_TYPE = "application/json";

const SECURITY: Record<RouteScope, readonly Record<string, string[]>[]> = {
  public: [],
  // Reads are public unless the stage sets READ_ACCESS=key.
  read: [{}, { bearer: [] }],
  write: [{ bearer: [] }],
  admin: [{ bearer: [] }],
};

interface Conversion {
  /** Converted schemas by id: the named ones and the unnamed route schemas. */
  byId: Record<string, JsonSchema>;
  unnamed: Map<z.core.$ZodType, string>;
}

function namedId(schema: z.core.$ZodType): string | undefined {
  return z.globalRegistry.get(schema)?.id;
}

/** Every schema a route names directly, with the direction it travels in. */
function routeSchemas(spec: RouteSpec): [z.core.$ZodType, Io][] {
  const request: [z.core.$ZodType, Io][] = [spec.params, spec.query, spec.body]
    .filter((schema) => schema !== undefined)
    .map((schema) => [schema, "input"]);
  const responses: [z.core.$ZodType, Io][] = Object.values(spec.responses)
    .flatMap((response) => [
      ...(response.schema ? [response.schema] : []),
      ...Object.values(response.alternatives ?? {}),
    ])
    .map((schema) => [schema, "output"]);
  return [...request, ...responses];
}

/**
 * One zod conversion of every named schema plus the route's unnamed ones, as a registry (zod's own way to emit
 * several schemas that `$ref` each other); `name` maps an id to its component name.
 */
function convert(io: Io, schemas: readonly z.core.$ZodType[], name: (id: string) => string): Conversion {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of z.globalRegistry._idmap) registry.add(schema, { id });
  const unnamed = new Map<z.core.$ZodType, string>();
  for (const schema of schemas) {
    if (registry.has(schema) || unnamed.has(schema)) continue;
    const id = `${UNNAMED}${unnamed.size}`;
    registry.add(schema, { id });
    unnamed.set(schema, id);
  }
  const { schemas: byId } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    reused: "inline",
    cycles: "ref",
    // An unnamed schema referenced from elsewhere gets a ref that checkRefs refuses.
    uri: (id) => (id.startsWith(UNNAMED) ? `unnamed:${id}` : `${COMPONENTS}${name(id)}`),
    override: ({ zodSchema, jsonSchema }) => {
      // zod's integers are safe integers: they fit in an int64.
      if (jsonSchema.type === "integer" && jsonSchema.format === undefined) jsonSchema.format = "int64";
      const shown = shownInDocument(zodSchema);
      if (!shown) return;
      const id = namedId(shown);
      if (id === undefined) throw new Error("a schema documented as another needs that one's .meta({ id })");
      for (const keyword of Object.keys(jsonSchema)) delete jsonSchema[keyword];
      jsonSchema.$ref = `${COMPONENTS}${name(id)}`;
    },
  });
  const cleaned: Record<string, JsonSchema> = {};
  for (const [id, { $schema, $id, ...schema }] of Object.entries(byId)) cleaned[id] = schema;
  return { byId: cleaned, unnamed };
}

/** The schema a route uses, as it appears in the document: a `$ref` for a named one, inline otherwise. */
function schemaFor(
  schema: z.core.$ZodType,
  conversion: Conversion,
  name: (id: string) => string,
): JsonSchema {
  const id = namedId(schema);
  if (id !== undefined) return { $ref: `${COMPONENTS}${name(id)}` };
  const unnamedId = conversion.unnamed.get(schema);
  const converted = unnamedId === undefined ? undefined : conversion.byId[unnamedId];
  if (!converted) throw new Error("a route schema was not converted");
  return converted;
}

function refsIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (typeof value === "object" && value !== null)
    for (const [key, item] of Object.entries(value)) {
      if (key === "$ref" && typeof item === "string") found.add(item);
      else refsIn(item, found);
    }
  return found;
}

/** The ids of the named schemas reachable from `roots`, given refs spelled `#/components/schemas/<id>`. */
function reachableIds(roots: readonly JsonSchema[], conversion: Conversion): Set<string> {
  const reached = new Set<string>();
  const pending = roots.flatMap((root) => [...refsIn(root)]);
  for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
    if (!ref.startsWith(COMPONENTS)) continue;
    const id = ref.slice(COMPONENTS.length);
    if (reached.has(id)) continue;
    reached.add(id);
    pending.push(...refsIn(conversion.byId[id]));
  }
  return reached;
}

/** The properties of an object schema (following one `$ref`), with whether each is required. */
function propertiesOf(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
): [string, JsonSchema, boolean][] {
  const target = schema.$ref ? components[schema.$ref.slice(COMPONENTS.length)] : schema;
  const required = new Set(target?.required ?? []);
  return Object.entries(target?.properties ?? {})
    .filter((entry): entry is [string, JsonSchema] => typeof entry[1] === "object")
    .map(([name, property]) => [name, property, required.has(name)]);
}

function parameters(
  spec: RouteSpec,
  schema: (zod: z.core.$ZodType, io: Io) => JsonSchema,
  components: Record<string, JsonSchema>,
) {
  const inPath = [...spec.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  const path = spec.params ? propertiesOf(schema(spec.params, "input"), components) : [];
  const declared = path.map(([name]) => name);
  if (inPath.length !== declared.length || inPath.some((name) => !declared.includes(name as string)))
    throw new Error(
      `${spec.method} ${spec.path}: the params schema must declare exactly ${inPath.join(", ") || "nothing"}`,
    );
  const query = spec.query ? propertiesOf(schema(spec.query, "input"), components) : [];
  return [
    ...path.map(([name, property]) => ({ name, in: "path", required: true, schema: property })),
    ...query.map(([name, property, required]) => ({
      name,
      in: "query",
      required,
      schema: property,
      ...(property.description ? { description: property.description } : {}),
    })),
    ...(spec.headers ?? []).map((header) => ({
      name: header.name,
      in: "header",
      required: header.required,
      description: header.description,
      schema: { type: "string", maxLength: 255, ...(header.pattern ? { pattern: header.pattern } : {}) },
    })),
  ];
}

function operation(
  operationId: string,
  spec: RouteSpec,
  schema: (zod: z.core.$ZodType, io: Io) => JsonSchema,
  components: Record<string, JsonSchema>,
) {
  const params = parameters(spec, schema, components);
  const body = spec.body;
  return {
    operationId,
    summary: spec.summary,
    description: `${spec.summary}. ${accessNote(spec)}`,
    tags: [tagOf(spec)],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              (spec.bodyTypes ?? [JSON_TYPE]).map((type) => [type, { schema: schema(body, "input") }]),
            ),
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries({ ...derivedResponses(spec), ...spec.responses }).map(([status, response]) => {
        const main = response.schema ? schema(response.schema, "output") : undefined;
        return [
          status,
          {
            description: response.description,
            headers: responseHeaders(spec, Number(status), main?.$ref, response.headers),
            ...(main
              ? {
                  content: {
                    [response.contentType ?? JSON_TYPE]: { schema: main },
                    ...Object.fromEntries(
                      Object.entries(response.alternatives ?? {}).map(([type, other]) => [
                        type,
                        { schema: schema(other, "output") },
                      ]),
                    ),
                  },
                }
              : {}),
          },
        ];
      }),
    ),
    security: SECURITY[spec.scope],
  };
}

/** Every `$ref` must name a component of the document: anything else means a schema needs `.meta({ id })`. */
function checkRefs(document: OpenApiDocument): void {
  for (const ref of refsIn(document)) {
    if (!ref.startsWith(COMPONENTS) || !(ref.slice(COMPONENTS.length) in document.components.schemas))
      throw new Error(`unresolvable $ref ${ref}: give a reused or recursive schema .meta({ id })`);
  }
}

function build(): OpenApiDocument {
  const entries = Object.entries(routes) as [string, RouteSpec][];
  const used: Record<Io, z.core.$ZodType[]> = { input: [], output: [] };
  for (const [, spec] of entries) for (const [schema, io] of routeSchemas(spec)) used[io].push(schema);

  // First pass with one name per id, to learn which named schemas each direction reaches.
  const plain = (id: string) => id;
  const first = { input: convert("input", used.input, plain), output: convert("output", used.output, plain) };
  const reached = (io: Io) =>
    reachableIds(
      used[io].map((schema) => schemaFor(schema, first[io], plain)),
      first[io],
    );
  const reachedBy = { input: reached("input"), output: reached("output") };
  // A schema used both ways may read differently each way (defaults, transforms): it gets two components, the
  // request one suffixed with a "." that no `.meta({ id })` of ours uses.
  const both = new Set([...reachedBy.input].filter((id) => reachedBy.output.has(id)));
  const names: Record<Io, (id: string) => string> = {
    input: (id) => (both.has(id) ? `${id}.input` : id),
    output: plain,
  };
  const final = {
    input: both.size > 0 ? convert("input", used.input, names.input) : first.input,
    output: first.output,
  };

  const components: Record<string, JsonSchema> = {};
  for (const io of ["input", "output"] as const)
    for (const id of [...reachedBy[io]].sort()) {
      const component = final[io].byId[id];
      const componentName = names[io](id);
      if (!component) throw new Error(`no schema has the id ${id}`);
      if (componentName in components) throw new Error(`two schemas would be the component ${componentName}`);
      components[componentName] = component;
    }

  const schema = (zod: z.core.$ZodType, io: Io) => schemaFor(zod, final[io], names[io]);
  const paths: OpenApiDocument["paths"] = {};
  for (const [operationId, spec] of entries) {
    paths[spec.path] = {
      ...paths[spec.path],
      [spec.method.toLowerCase()]: operation(operationId, spec, schema, components),
    };
  }

  // A query or path schema with an id is read property by property: its own component would stand unused.
  const referenced = reachableIds([paths], { byId: components, unnamed: new Map() });
  for (const name of Object.keys(components)) if (!referenced.has(name)) delete components[name];

  const document: OpenApiDocument = {
    openapi: "3.1.0",
    info: {
      title: packageJson.name,
      version: packageJson.version,
      description: packageJson.description,
    },
    servers: [
      {
        url: "https://{apiId}.execute-api.{region}.amazonaws.com",
        description:
          "a deployment (npx sst deploy): its API Gateway URL. The local stack (npm start) answers the same routes at http://localhost:3000",
        variables: { apiId: { default: "api-id" }, region: { default: "us-east-1" } },
        "x-internal": false,
      },
    ],
    tags,
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description:
            "an API key (1–200 visible ASCII characters): Authorization: Bearer <key>. A missing or unknown key is a 401 with WWW-Authenticate, a key of too small a scope a 403",
        },
      },
    },
  };
  checkRefs(document);
  return document;
}

let cached: OpenApiDocument | undefined;

/** The OpenAPI 3.1 document of the HTTP API, built once per process. */
export function openApiDocument(): OpenApiDocument {
  cached ??= build();
  return cached;
}
