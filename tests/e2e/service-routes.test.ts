import { describe, expect, it } from "vitest";
import { routeList } from "../../shared/http/routes.ts";
import { useApiStack } from "../support/api-stack.ts";

const { anonymous } = useApiStack();

describe("service routes", () => {
  it("answers GET /health with 200", async () => {
    const response = await anonymous("GET", "/health");

    expect(response.status, "status").toBe(200);
    expect(response.json, "body").toEqual({ status: "ok", dynamodb: "ok" });
  });

  it("serves an OpenAPI document listing every route", async () => {
    const response = await anonymous("GET", "/openapi.json");
    const listed = Object.entries(response.json.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();

    expect(response.status, "status").toBe(200);
    expect(listed, "operations").toEqual(routeList.map((route) => `${route.method} ${route.path}`).sort());
  });
});
