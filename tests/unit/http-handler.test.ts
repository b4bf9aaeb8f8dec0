import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createDeps, type Deps } from "../../shared/deps.ts";
import { generateApiKey, hashApiKey } from "../../shared/domain/api-key.ts";
import { ConflictError } from "../../shared/errors.ts";
import { httpHandler, MAX_BODY_BYTES } from "../../shared/http/handler.ts";
import { problemSchema } from "../../shared/http/problem.ts";
import { route } from "../../shared/http/route.ts";
import { apiGatewayEvent, type EventOptions } from "../support/api-gateway.ts";

const ADMIN_KEY = generateApiKey();
const READ_KEY = generateApiKey();
const WRITE_KEY = generateApiKey();

/**
 * The key table, by hash: the wrapper looks a key up with one GetCommand (the admin key needs none). Anything
 * else would mean the wrapper itself touched the table, which it must not.
 */
const issued = new Map([
  [hashApiKey(READ_KEY), { id: "key_read", scope: "read" }],
  [hashApiKey(WRITE_KEY), { id: "key_write", scope: "write" }],
]);
const keyTable = {
  async send(command: unknown) {
    if (!(command instanceof GetCommand))
      throw new Error("the HTTP wrapper sent a command other than a key lookup");
    const key = JSON.stringify(command.input.Key);
    const found = [...issued].find(([hash]) => key.includes(hash));
    return found ? { Item: found[1] } : {};
  },
} as unknown as Deps["db"];

function deps(readAccess: Deps["readAccess"] = "public"): Deps {
  return {
    ...createDeps({ tableName: "no-table-is-reached", adminKey: ADMIN_KEY, readAccess }),
    db: keyTable,
  };
}

/** A route with every kind of input, whose implementation answers what it was given, or throws on request. */
const thingRoute = route({
  method: "POST",
  path: "/things/{id}",
  file: "functions/things/create.ts",
  scope: "write",
  summary: "a route for the wrapper's tests",
  params: z.strictObject({ id: z.string().regex(/^t_\d+$/, "must be a thing id") }),
  query: z.strictObject({ fail: z.enum(["typed", "unexpected"]).optional() }),
  body: z.strictObject({ name: z.string().min(1), tags: z.array(z.string()).optional() }),
  responses: {},
});
const readRoute = route({
  method: "GET",
  path: "/things",
  file: "functions/things/list.ts",
  scope: "read",
  summary: "a read route for the wrapper's tests",
  responses: {},
});
const patchRoute = route({
  method: "PATCH",
  path: "/things/{id}",
  file: "functions/things/patch.ts",
  scope: "write",
  summary: "a merge-patch route for the wrapper's tests",
  body: z.strictObject({ name: z.string().nullable().optional() }),
  bodyTypes: ["application/merge-patch+json", "application/json"],
  responses: {},
});

const createThing = httpHandler(thingRoute, async ({ body, query, params, principal, requestId }) => {
  if (query.fail === "typed")
    throw new ConflictError("the thing changed meanwhile", { headers: { "retry-after": "1" } });
  if (query.fail === "unexpected") throw new Error("secret internals: connection to 10.0.0.7 refused");
  return { status: 201, body: { name: body.name, id: params.id, principal: principal.id, requestId } };
});
const listThings = httpHandler(readRoute, async ({ principal }) => ({ body: { principal: principal.id } }));
const patchThing = httpHandler(patchRoute, async ({ body }) => ({ body }));

const THING = { method: "POST", route: "/things/{id}", path: "/things/t_1", pathParameters: { id: "t_1" } };
const JSON_TYPE = { "content-type": "application/json" };

/** POST /things/t_1 with a JSON body, sent with the admin key unless `key` says otherwise (null: no key). */
function post(options: Partial<EventOptions> & { json?: unknown; key?: string | null } = {}) {
  const { json, key = ADMIN_KEY, ...rest } = options;
  return createThing.withDeps(deps())(
    apiGatewayEvent({
      ...THING,
      body: JSON.stringify(json ?? { name: "Stargate" }),
      ...rest,
      headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...JSON_TYPE, ...rest.headers },
    }),
  );
}

function listWith(readAccess: Deps["readAccess"], headers: Record<string, string> = {}) {
  return listThings.withDeps(deps(readAccess))(apiGatewayEvent({ route: "/things", headers }));
}

/** The body of a problem response, checked against the documented Problem schema. */
function problem(response: APIGatewayProxyStructuredResultV2) {
  expect(response.headers?.["content-type"], "a problem is sent as application/problem+json").toBe(
    "application/problem+json",
  );
  return problemSchema.parse(JSON.parse(String(response.body)));
}

describe("httpHandler: authentication", () => {
  it("answers a write route without Authorization with 401", async () => {
    const response = await post({ key: null });

    expect(problem(response).status).toBe(401);
  });

  it("names the Bearer scheme in WWW-Authenticate when the key is missing", async () => {
    const response = await post({ key: null });

    expect(response.headers?.["www-authenticate"]).toBe('Bearer realm="ai-infra-tracker"');
  });

  it.each([
    ["another scheme", "Basic YWRtaW46YWRtaW4="],
    ["an empty header", ""],
    ["an empty bearer token", "Bearer "],
    ["a token with a space", "Bearer ait_a b"],
    ["a token longer than 200 characters", `Bearer ${"a".repeat(201)}`],
    ["a key never issued", `Bearer ${generateApiKey()}`],
  ])("answers %s with 401 and error=invalid_token", async (_case, authorization) => {
    const response = await post({ headers: { authorization } });

    expect(response.statusCode, "status").toBe(401);
    expect(response.headers?.["www-authenticate"], "WWW-Authenticate").toBe(
      'Bearer realm="ai-infra-tracker", error="invalid_token"',
    );
  });

  it("answers a read key on a write route with 403", async () => {
    const response = await post({ key: READ_KEY });

    expect(problem(response).status).toBe(403);
  });

  it("runs a write route for a write key, as that key", async () => {
    const response = await post({ key: WRITE_KEY });

    expect(JSON.parse(String(response.body)).principal).toBe("key_write");
  });

  it("runs a write route for the admin key without a key lookup", async () => {
    const response = await post();

    expect(JSON.parse(String(response.body)).principal).toBe("admin");
  });

  it("serves a read route without a key when reads are public", async () => {
    const response = await listWith("public");

    expect(response.statusCode).toBe(200);
  });

  it("answers a read route without a key with 401 when reads need a key", async () => {
    const response = await listWith("key");

    expect(response.statusCode).toBe(401);
  });

  it("serves a read route to a read key when reads need a key", async () => {
    const response = await listWith("key", { authorization: `Bearer ${READ_KEY}` });

    expect(JSON.parse(String(response.body)).principal).toBe("key_read");
  });
});

describe("httpHandler: bodies", () => {
  it(`accepts a body of exactly ${MAX_BODY_BYTES} bytes`, async () => {
    const padding = MAX_BODY_BYTES - JSON.stringify({ name: "" }).length;

    const response = await post({ json: { name: "x".repeat(padding) } });

    expect(response.statusCode).toBe(201);
  });

  it("answers a body one byte over 256 KiB with 413", async () => {
    const padding = MAX_BODY_BYTES + 1 - JSON.stringify({ name: "" }).length;

    const response = await post({ json: { name: "x".repeat(padding) } });

    expect(problem(response).status).toBe(413);
  });

  it("counts a base64-encoded body by its decoded bytes", async () => {
    const body = Buffer.from(JSON.stringify({ name: "x".repeat(MAX_BODY_BYTES) })).toString("base64");

    const response = await post({ body, isBase64Encoded: true });

    expect(problem(response).status).toBe(413);
  });

  it("decodes a base64-encoded body", async () => {
    const body = Buffer.from(JSON.stringify({ name: "국가 AI 컴퓨팅 센터" })).toString("base64");

    const response = await post({ body, isBase64Encoded: true });

    expect(JSON.parse(String(response.body)).name).toBe("국가 AI 컴퓨팅 센터");
  });

  it.each([
    ["text/plain", { "content-type": "text/plain" }],
    ["no content type", { "content-type": "" }],
    ["a charset other than UTF-8", { "content-type": "application/json; charset=iso-8859-1" }],
    ["merge-patch on a JSON-only route", { "content-type": "application/merge-patch+json" }],
  ])("answers %s with 415", async (_case, headers) => {
    const response = await post({ headers });

    expect(problem(response).status).toBe(415);
  });

  it.each(["application/json; charset=utf-8", 'application/json; charset="UTF-8"', "Application/JSON"])(
    "accepts the content type %s",
    async (contentType) => {
      const response = await post({ headers: { "content-type": contentType } });

      expect(response.statusCode).toBe(201);
    },
  );

  it("accepts application/merge-patch+json where the route takes it", async () => {
    const response = await patchThing.withDeps(deps())(
      apiGatewayEvent({
        ...THING,
        method: "PATCH",
        headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/merge-patch+json" },
        body: '{"name":null}',
      }),
    );

    expect(JSON.parse(String(response.body))).toEqual({ name: null });
  });

  it("answers an empty body with 400", async () => {
    const response = await post({ body: "" });

    expect(problem(response).status).toBe(400);
  });

  it("answers malformed JSON with 400", async () => {
    const response = await post({ body: '{"name": "Stargate", ' });

    expect(problem(response).status).toBe(400);
  });

  it.each([
    ["a lone continuation byte", [0x80]],
    ["a truncated sequence", [0xe2, 0x82]],
    ["an overlong encoding", [0xc0, 0xaf]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
  ])("answers a body with %s (not UTF-8) with 400", async (_case, bytes) => {
    const raw = Buffer.concat([Buffer.from('{"name":"'), Buffer.from(bytes), Buffer.from('"}')]);

    const response = await post({ body: raw.toString("base64"), isBase64Encoded: true });

    expect(problem(response).status).toBe(400);
  });

  it.each([
    ["a top-level __proto__ key", '{"name":"x","__proto__":{"admin":true}}'],
    ["a nested __proto__ key", '{"name":"x","tags":[{"__proto__":{"admin":true}}]}'],
    ["a constructor key", '{"name":"x","tags":[],"constructor":{"admin":true}}'],
    ["a prototype key", '{"name":"x","prototype":{}}'],
  ])("answers %s with 400", async (_case, body) => {
    const response = await post({ body });

    expect(problem(response).status).toBe(400);
  });

  it("leaves Object.prototype alone after a __proto__ body", async () => {
    await post({ body: '{"name":"x","__proto__":{"polluted":true}}' });

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("httpHandler: query and path", () => {
  it.each(["__proto__", "constructor", "prototype"])(
    "answers a query parameter named %s with 400",
    async (name) => {
      const response = await post({ query: [[name, "x"]] });

      expect(problem(response).status).toBe(400);
    },
  );

  it("hands the route its validated path parameters", async () => {
    const response = await post();

    expect(JSON.parse(String(response.body)).id).toBe("t_1");
  });
});

describe("httpHandler: schema violations", () => {
  it.each([
    ["the body", { json: { name: "" } }, "name"],
    ["an unknown body field", { json: { name: "x", colour: "blue" } }, "colour"],
    ["a nested body field", { json: { name: "x", tags: [5] } }, "tags.0"],
    ["the query", { query: [["fail", "sometimes"]] as [string, string][] }, "query.fail"],
    ["an unknown query parameter", { query: [["colour", "blue"]] as [string, string][] }, "query.colour"],
    ["the path", { path: "/things/x", pathParameters: { id: "x" } }, "path.id"],
  ])("answers a violation in %s with 422 naming %s", async (_case, options, path) => {
    const body = problem(await post(options));

    expect(body.status, "status").toBe(422);
    expect(
      body.errors?.map((error) => error.path),
      "errors[].path",
    ).toEqual([path]);
  });
});

describe("httpHandler: errors", () => {
  it("answers a typed error with its own status", async () => {
    const response = await post({ query: [["fail", "typed"]] });

    expect(problem(response).status).toBe(409);
  });

  it("answers a typed error with the headers it carries", async () => {
    const response = await post({ query: [["fail", "typed"]] });

    expect(response.headers?.["retry-after"]).toBe("1");
  });

  it("answers an unexpected throw with 500", async () => {
    const response = await post({ query: [["fail", "unexpected"]] });

    expect(problem(response).status).toBe(500);
  });

  it("answers an unexpected throw with the request id and nothing of the error", async () => {
    const response = await post({ query: [["fail", "unexpected"]], requestId: "req-boom" });

    expect(problem(response)).toEqual({
      type: "urn:ai-infra-tracker:problem:internal-error",
      title: "Internal error",
      status: 500,
      detail: "something went wrong on our side; quote request id req-boom",
      instance: "/things/t_1",
      requestId: "req-boom",
    });
  });

  it("sends the request id as x-request-id", async () => {
    const response = await post({ requestId: "req-header" });

    expect(response.headers?.["x-request-id"]).toBe("req-header");
  });
});
