import { request as httpRequest } from "node:http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toApiGatewayEvent } from "../../infra/local/event.ts";
import { GATEWAY_MAX_BODY_BYTES, type LocalServer, startServer } from "../../infra/local/server.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

describe("the local API over HTTP", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("answers GET /health with 200 once DynamoDB answers", async () => {
    const response = await fetch(`${stack.url}/health`);
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 200,
      body: { status: "ok", dynamodb: "ok" },
    });
  });

  it("answers an unknown route with a 404 problem", async () => {
    const response = await fetch(`${stack.url}/no-such-route`);
    expect({
      status: response.status,
      type: response.headers.get("content-type"),
      body: await response.json(),
    }).toMatchObject({
      status: 404,
      type: "application/problem+json",
      body: { status: 404, instance: "/no-such-route" },
    });
  });

  it("answers a wrong method with 405 and Allow", async () => {
    const response = await fetch(`${stack.url}/health`, { method: "DELETE" });
    expect({ status: response.status, allow: response.headers.get("allow") }).toEqual({
      status: 405,
      allow: "GET",
    });
  });

  it("refuses a declared body over 10 MB with a 413 problem", async () => {
    const response = await fetch(`${stack.url}/commitments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.alloc(GATEWAY_MAX_BODY_BYTES + 1, 0x20),
    });
    expect({ status: response.status, type: response.headers.get("content-type") }).toEqual({
      status: 413,
      type: "application/problem+json",
    });
  });

  it("refuses a chunked body once it passes 10 MB", async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpRequest(`${stack.url}/commitments`, {
        method: "POST",
        headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      });
      request.once("response", (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      request.once("error", reject);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent <= GATEWAY_MAX_BODY_BYTES) {
          sent += chunk.byteLength;
          if (!request.write(chunk)) return void request.once("drain", pump);
        }
        request.end();
      };
      pump();
    });
    expect(status).toBe(413);
  });
});

describe("the event the server builds", () => {
  // An app that answers with the API Gateway event it was given, to see it from the outside.
  let server: LocalServer;
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      app: {
        handle: async (request) => ({
          statusCode: 200,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(toApiGatewayEvent(request, { routeKey: "$default" })),
        }),
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function echo(path: string, init?: RequestInit): Promise<APIGatewayProxyEventV2> {
    const response = await fetch(`${server.url}${path}`, init);
    return (await response.json()) as APIGatewayProxyEventV2;
  }

  it("joins repeated query parameters with commas", async () => {
    const event = await echo("/commitments?country=US&country=KR&limit=5");
    expect(event.queryStringParameters).toEqual({ country: "US,KR", limit: "5" });
  });

  it("keeps the raw path and query string as sent", async () => {
    const event = await echo("/parties/%EA%B3%BC%ED%95%99?q=%ED%95%9C&x=1");
    expect({ rawPath: event.rawPath, rawQueryString: event.rawQueryString }).toEqual({
      rawPath: "/parties/%EA%B3%BC%ED%95%99",
      rawQueryString: "q=%ED%95%9C&x=1",
    });
  });

  it("moves cookies out of the headers into cookies", async () => {
    const event = await echo("/health", { headers: { cookie: "a=1; b=2" } });
    expect({ cookies: event.cookies, header: event.headers.cookie }).toEqual({
      cookies: ["a=1", "b=2"],
      header: undefined,
    });
  });

  it("passes a JSON body as text and a binary body as base64", async () => {
    const json = await echo("/commitments", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const binary = await echo("/commitments", {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.from([0xff, 0x00]),
    });
    expect(json.body, "JSON body").toBe("{}");
    expect(json.isBase64Encoded, "JSON isBase64Encoded").toBe(false);
    expect(binary.body, "binary body").toBe("/wA=");
    expect(binary.isBase64Encoded, "binary isBase64Encoded").toBe(true);
  });

  it("fills the request context as API Gateway does", async () => {
    const event = await echo("/health", { headers: { "user-agent": "probe/1" } });
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "$default",
      requestContext: {
        http: {
          method: "GET",
          path: "/health",
          protocol: "HTTP/1.1",
          sourceIp: "127.0.0.1",
          userAgent: "probe/1",
        },
        stage: "$default",
        routeKey: "$default",
      },
    });
  });
});
