import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commitmentInput } from "../../shared/commitments/schema.ts";
import type { RouteSpec } from "../../shared/http/route.ts";
import { routeList } from "../../shared/http/routes.ts";
import * as z from "../../shared/zod.ts";

/**
 * Strings that fail a field's own checks but not its type: zod 4 then still runs the object's cross-field checks,
 * which must not read them as if they were valid.
 */
const HOSTILE = [
  "abc",
  "-1",
  "1e3",
  "",
  "1.5",
  "x",
  "2025-02-30",
  "9".repeat(30),
  "0",
  " ",
  "2025-13",
  "USD",
];

type JsonSchema = {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/**
 * Values shaped like `schema` (its keys, required ones always there, enums and nesting) whose strings are hostile:
 * only the strings fail, so nothing stops zod from running the checks that read more than one field.
 */
function shapedLike(schema: JsonSchema, defs: Record<string, JsonSchema>, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (schema.$ref) return shapedLike(defs[schema.$ref.replace("#/$defs/", "")] ?? {}, defs, depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (options) return fc.oneof(...options.map((option) => shapedLike(option, defs, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "object" || schema.properties) {
    const properties = schema.properties ?? {};
    const shape = Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [key, shapedLike(value, defs, depth + 1)]),
    );
    return fc.record(shape, { requiredKeys: schema.required ?? [] });
  }
  if (type === "array") return fc.array(shapedLike(schema.items ?? {}, defs, depth + 1), { maxLength: 3 });
  if (type === "number" || type === "integer") return fc.oneof(fc.integer(), fc.constant(1.5));
  if (type === "boolean") return fc.boolean();
  return fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 5 }));
}

function jsonSchemaOf(schema: z.core.$ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    reused: "inline",
    cycles: "ref",
  }) as JsonSchema;
}

const schemas: [string, z.core.$ZodType][] = [
  ...routeList.flatMap((spec: RouteSpec) =>
    (["body", "query", "params"] as const).flatMap((part) => {
      const schema = spec[part];
      return schema ? [[`${spec.method} ${spec.path} ${part}`, schema] as [string, z.core.$ZodType]] : [];
    }),
  ),
  // Batch items and the result of a merge patch are checked against the record's schema after the route's own.
  ["a batch item or merged patch", commitmentInput],
];

describe("every route's schemas, given values shaped like them with strings that fail their checks", () => {
  it.each(schemas)("%s: refuses or accepts, never throws", (_name, schema) => {
    const root = jsonSchemaOf(schema);
    fc.assert(
      fc.property(shapedLike(root, root.$defs ?? {}), (value) => {
        expect(() => z.safeParse(schema, value)).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });
});
