import { describe, expect, it } from "vitest";
import { isTextual, type LocalRequest, toApiGatewayEvent } from "../../infra/local/event.ts";

const request = (overrides: Partial<LocalRequest> = {}): LocalRequest => ({
  method: "GET",
  url: "/commitments",
  headers: [["Host", "127.0.0.1:3000"]],
  body: Buffer.alloc(0),
  sourceIp: "127.0.0.1",
  protocol: "HTTP/1.1",
  ...overrides,
});

describe("toApiGatewayEvent", () => {
  it("lower-cases header names and joins repeated headers with commas", () => {
    const event = toApiGatewayEvent(
      request({
        headers: [
          ["X-Tag", "a"],
          ["x-tag", "b"],
          ["Accept", "text/csv"],
        ],
      }),
      { routeKey: "$default" },
    );
    expect([event.headers["x-tag"], event.headers.accept]).toEqual(["a,b", "text/csv"]);
  });

  it("sets the route key and path parameters of the matched route", () => {
    const event = toApiGatewayEvent(request({ url: "/commitments/cmt_1" }), {
      routeKey: "GET /commitments/{id}",
      pathParameters: { id: "cmt_1" },
    });
    expect([event.routeKey, event.requestContext.routeKey, event.pathParameters]).toEqual([
      "GET /commitments/{id}",
      "GET /commitments/{id}",
      { id: "cmt_1" },
    ]);
  });

  it("leaves out the body, query and path parameters when there are none", () => {
    const event = toApiGatewayEvent(request(), { routeKey: "$default" });
    expect([event.body, event.queryStringParameters, event.pathParameters, event.isBase64Encoded]).toEqual([
      undefined,
      undefined,
      undefined,
      false,
    ]);
  });

  it("gives every request its own request id", () => {
    const ids = new Set(
      Array.from(
        { length: 50 },
        () => toApiGatewayEvent(request(), { routeKey: "$default" }).requestContext.requestId,
      ),
    );
    expect(ids.size).toBe(50);
  });

  it("writes time as API Gateway does, with the epoch in milliseconds", () => {
    const now = new Date("2025-01-22T09:05:03.250Z");
    const { time, timeEpoch } = toApiGatewayEvent(request(), { routeKey: "$default" }, now).requestContext;
    expect({ time, timeEpoch }).toEqual({ time: "22/Jan/2025:09:05:03 +0000", timeEpoch: now.getTime() });
  });

  it("keeps a UTF-8 JSON body as text", () => {
    const body = JSON.stringify({ title: "국가 AI 컴퓨팅 센터" });
    const event = toApiGatewayEvent(
      request({
        method: "POST",
        headers: [["content-type", "application/json; charset=utf-8"]],
        body: Buffer.from(body),
      }),
      { routeKey: "POST /commitments" },
    );
    expect([event.body, event.isBase64Encoded]).toEqual([body, false]);
  });

  it("passes a JSON body that is not valid UTF-8 as base64, its bytes unchanged", () => {
    const body = Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const event = toApiGatewayEvent(
      request({ method: "POST", headers: [["content-type", "application/json"]], body }),
      { routeKey: "POST /commitments" },
    );
    expect([event.body, event.isBase64Encoded]).toEqual([body.toString("base64"), true]);
  });
});

describe("isTextual", () => {
  it.each([
    ["application/json", true],
    ["application/merge-patch+json", true],
    ["text/csv; charset=utf-8", true],
    ["application/octet-stream", false],
    [undefined, false],
  ])("%s is textual: %s", (contentType, textual) => {
    expect(isTextual(contentType)).toBe(textual);
  });
});
