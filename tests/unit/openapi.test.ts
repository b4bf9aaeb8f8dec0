import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../shared/http/openapi.ts";
import { routeKey } from "../../shared/http/route.ts";
import { routeList, routes } from "../../shared/http/routes.ts";

interface Schema {
  type?: string;
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  [keyword: string]: unknown;
}

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: Schema;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: Schema }> };
  description?: string;
  tags?: string[];
  responses: Record<
    string,
    {
      description: string;
      content?: Record<string, { schema: Schema }>;
      headers?: Record<string, { required: boolean; schema: Schema }>;
    }
  >;
  security?: Record<string, string[]>[];
}

function findOperation(path: string, method: string): Operation | undefined {
  return openApiDocument().paths[path]?.[method.toLowerCase()] as Operation | undefined;
}

function operation(path: string, method: string): Operation {
  const found = findOperation(path, method);
  if (!found) throw new Error(`the document has no ${method} ${path}`);
  return found;
}

function component(name: string): Schema {
  const schema = openApiDocument().components.schemas[name] as Schema | undefined;
  if (!schema) throw new Error(`the document has no component ${name}`);
  return schema;
}

/** A fresh copy, so that the validator cannot touch the cached document. */
function documentCopy(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(openApiDocument()));
}

describe("openApiDocument", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(documentCopy());

    expect(result).toEqual({ valid: true });
  });

  it("is refused by the same validator once broken, so the validity check means something", async () => {
    const broken = { ...documentCopy(), info: { title: "a document without a version" } };

    const result = await new Validator().validate(broken);

    expect(result.valid).toBe(false);
  });

  it("lists every route of the route table with its method", () => {
    const missing = routeList.filter((spec) => !findOperation(spec.path, spec.method)).map(routeKey);

    expect(missing).toEqual([]);
  });

  it("lists no operation the route table does not have", () => {
    const operations = Object.values(openApiDocument().paths).flatMap((item) => Object.keys(item));

    expect(operations).toHaveLength(routeList.length);
  });

  it("names each operation after its key in the route table", () => {
    const ids = Object.values(routes).map((spec) => operation(spec.path, spec.method).operationId);

    expect(ids).toEqual(Object.keys(routes));
  });

  it("references the commitment input schema from the create route's body", () => {
    expect(operation("/commitments", "POST").requestBody).toEqual({
      required: true,
      content: { "application/json": { schema: { $ref: "#/components/schemas/CommitmentInput" } } },
    });
  });

  it("describes a commitment's amount as an object", () => {
    expect(component("CommitmentInput").properties?.amount?.type).toBe("object");
  });

  it("describes a commitment's amount low as a string, never a number", () => {
    expect(component("CommitmentInput").properties?.amount?.properties?.low?.type).toBe("string");
  });

  it("describes the stored record's money as decimal strings too, with their pattern", () => {
    expect(component("Commitment").properties?.amount?.properties?.high).toEqual({
      type: "string",
      pattern: "^(0|[1-9][0-9]*)(\\.[0-9]+)?$",
    });
  });

  it("gives every money figure a response carries the decimal pattern: totals, rates and USD amounts", () => {
    const decimal = { type: "string", pattern: "^(0|[1-9][0-9]*)(\\.[0-9]+)?$" };

    expect(component("TotalsRow").properties?.usdLow).toMatchObject(decimal);
    expect(component("FxRate").properties?.unitsPerUsd).toMatchObject(decimal);
    expect(component("AmountUsd").properties?.high).toMatchObject(decimal);
  });

  it("describes defaulted input fields as optional", () => {
    expect(component("CommitmentInput").required).not.toContain("status");
  });

  it("states how amountUsd is rounded: half away from zero, to whole US dollars, once per figure", () => {
    expect(component("AmountUsd").description).toMatch(
      /rounded once, at the end, half away from zero to whole dollars/,
    );
  });

  it("requires stale and the rate's kind and version on every amountUsd", () => {
    expect([component("AmountUsd").required, component("FxRateUsed").required]).toEqual([
      expect.arrayContaining(["low", "high", "rate", "stale"]),
      expect.arrayContaining(["currency", "date", "kind", "source", "version"]),
    ]);
  });

  it("offers both content types of a merge-patch route", () => {
    const content = operation("/commitments/{id}", "PATCH").requestBody?.content ?? {};

    expect(Object.keys(content).sort()).toEqual(["application/json", "application/merge-patch+json"]);
  });

  it("declares path parameters as required", () => {
    const parameters = operation("/fx-rates/{currency}/{date}", "PUT").parameters ?? [];

    expect(parameters.filter((parameter) => parameter.in === "path")).toEqual([
      expect.objectContaining({ name: "currency", required: true }),
      expect.objectContaining({ name: "date", required: true }),
    ]);
  });

  it("takes each query parameter's required flag from the schema", () => {
    const parameters = operation("/commitments", "GET").parameters ?? [];

    expect(parameters.find((parameter) => parameter.name === "sort")).toMatchObject({
      in: "query",
      required: false,
      schema: { default: "-announcedOn" },
    });
  });

  it("documents the headers a route reads", () => {
    const parameters = operation("/commitments/{id}", "PATCH").parameters ?? [];

    expect(parameters).toContainEqual(
      expect.objectContaining({ name: "If-Match", in: "header", required: true }),
    );
  });

  it("gives a response without a schema no content", () => {
    expect(operation("/commitments/{id}", "DELETE").responses["204"]).not.toHaveProperty("content");
  });

  it("sends problems as application/problem+json", () => {
    expect(operation("/commitments/{id}", "GET").responses["404"]?.content).toEqual({
      "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } },
    });
  });

  it("describes each batch item as the commitment input", () => {
    expect(component("BatchInput").properties?.items?.items).toEqual({
      $ref: "#/components/schemas/CommitmentInput",
    });
  });

  it("still lets a bad batch item through the route, for the store to report on its own", () => {
    const result = routes.batchCommitments.body.safeParse({ items: [{ title: "" }] });

    expect(result.success).toBe(true);
  });

  it("describes a batch item's error as the Problem", () => {
    const response = operation("/commitments/batch", "POST").responses["200"]?.content?.["application/json"];

    expect(response?.schema.properties?.results?.items?.properties?.error).toEqual({
      $ref: "#/components/schemas/Problem",
    });
  });

  it.each(["requestId", "existingId"])("declares the problem member %s the API sends", (member) => {
    expect(component("Problem").properties).toHaveProperty(member);
  });

  it.each([
    ["write", "/commitments", "POST"],
    ["admin", "/api-keys", "POST"],
  ])("requires the bearer scheme on %s routes", (_scope, path, method) => {
    expect(operation(path, method).security).toEqual([{ bearer: [] }]);
  });

  it("makes the key optional on read routes", () => {
    expect(operation("/commitments", "GET").security).toEqual([{}, { bearer: [] }]);
  });

  it("asks for no key on public routes, saying so with an empty security", () => {
    expect(operation("/health", "GET").security).toEqual([]);
  });

  it("defines the bearer security scheme", () => {
    expect(openApiDocument().components.securitySchemes.bearer).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
  });

  it("resolves every $ref to a component", () => {
    const document = openApiDocument();
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]*"/g) ?? [];
    const names = refs.map((ref) => ref.slice('"$ref":"#/components/schemas/'.length, -1));

    expect(names.filter((name) => !(name in document.components.schemas))).toEqual([]);
  });

  it("is built once", () => {
    expect(openApiDocument()).toBe(openApiDocument());
  });

  it("gives every operation a tag the document lists and a description", () => {
    const listed = new Set((openApiDocument().tags ?? []).map((tag) => tag.name));
    const operations = routeList.map((spec) => operation(spec.path, spec.method));

    expect(
      operations.filter((found) => !found.description || !found.tags?.every((tag) => listed.has(tag))),
    ).toEqual([]);
  });

  it.each([
    ["POST", "/commitments", ["400", "401", "403", "409", "413", "415", "422", "429", "500", "503"]],
    ["PATCH", "/commitments/{id}", ["400", "401", "403", "404", "409", "412", "413", "415", "422", "428"]],
    ["GET", "/commitments/{id}", ["401", "403", "404", "422", "429", "500", "503"]],
    ["GET", "/health", ["429", "500", "503"]],
  ])("declares the statuses %s %s can answer because of what it takes", (method, path, statuses) => {
    expect(Object.keys(operation(path, method).responses)).toEqual(expect.arrayContaining(statuses));
  });

  it("declares no status a route cannot answer: no 404 without a path, no 401 on a public route", () => {
    // 400 and 422: a body or a query parameter, which /health does not take, is refused.
    expect(Object.keys(operation("/health", "GET").responses).sort()).toEqual([
      "200",
      "400",
      "422",
      "429",
      "500",
      "503",
    ]);
  });

  it("declares the request id and the rate-limit headers on every response, Retry-After on a 429", () => {
    const responses = routeList.flatMap((spec) =>
      Object.entries(operation(spec.path, spec.method).responses),
    );
    const missing = responses.filter(
      ([, response]) =>
        !["X-Request-Id", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"].every(
          (name) => name in (response.headers ?? {}),
        ),
    );

    expect(missing).toEqual([]);
    expect(operation("/totals", "GET").responses["429"]?.headers?.["Retry-After"]?.required).toBe(true);
  });

  it("declares ETag on a commitment, Location on a 201, and the export's cursor headers", () => {
    const create = operation("/commitments", "POST").responses["201"]?.headers ?? {};
    const exported = operation("/commitments", "GET").responses["200"]?.headers ?? {};

    expect(create.ETag?.required).toBe(true);
    expect(create.Location?.required).toBe(true);
    expect(create).toHaveProperty("Idempotent-Replayed");
    expect(Object.keys(exported)).toEqual(expect.arrayContaining(["Link", "X-Next-Cursor", "X-Export-Rows"]));
  });

  it("gives each request header with a rule its pattern", () => {
    const header = (path: string, method: string, name: string) =>
      operation(path, method).parameters?.find((parameter) => parameter.name === name)?.schema.pattern;

    expect(header("/commitments/{id}", "PATCH", "If-Match")).toEqual(expect.any(String));
    expect(header("/commitments", "POST", "Idempotency-Key")).toEqual(expect.any(String));
  });

  it("serves summaries as Markdown and HTML besides JSON", () => {
    const content = operation("/summaries/{period}/{key}", "GET").responses["200"]?.content ?? {};

    expect(Object.keys(content).sort()).toEqual(["application/json", "text/html", "text/markdown"]);
  });

  it("leaves no component unused", () => {
    const document = openApiDocument();
    const { components, ...rest } = document;
    const text = JSON.stringify([rest, components]);
    const unused = Object.keys(components.schemas).filter(
      (name) => !text.includes(`"#/components/schemas/${name}"`),
    );

    expect(unused).toEqual([]);
  });
});
