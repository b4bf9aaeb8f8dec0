import { describe, expect, test } from "vitest";
import { z } from "zod";
import { fieldErrorsFrom } from "../../shared/errors.ts";

describe("fieldErrorsFrom", () => {
  const schema = z.strictObject({ title: z.string(), location: z.strictObject({ country: z.string() }) });

  test("reports an unknown field at its own path", () => {
    const result = schema.safeParse({ title: "x", location: { country: "KR", colour: "blue" } });
    expect(fieldErrorsFrom(result.error as z.ZodError)).toEqual([
      { path: "location.colour", message: 'unknown field "colour"' },
    ]);
  });

  test("prefixes the location of query and path errors", () => {
    const result = schema.safeParse({ location: { country: "KR" } });
    expect(fieldErrorsFrom(result.error as z.ZodError, "query")[0]?.path).toBe("query.title");
  });
});
