/**
 * CORS on the local stack, answered as API Gateway answers it (shared/http/cors.ts): the preflight a browser sends
 * before a write, and the headers a page on another origin (the deployed dashboard's) may read on the answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitmentInput } from "../support/fixtures.ts";
import { client } from "../support/http.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

const ORIGIN = "https://dashboard.example.org";
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.close());

const list = (value: string | null) => (value ?? "").split(",").map((name) => name.trim().toLowerCase());

describe("CORS", () => {
  it("answers a preflight for a keyed, idempotent write from another origin", async () => {
    const response = await fetch(`${stack.url}/commitments/cmt_01JH0000000000000000000000`, {
      method: "OPTIONS",
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "PATCH",
        "access-control-request-headers": "authorization,content-type,if-match,idempotency-key",
      },
    });

    expect({
      status: response.status,
      origin: response.headers.get("access-control-allow-origin"),
      maxAge: response.headers.get("access-control-max-age"),
    }).toEqual({ status: 204, origin: "*", maxAge: "3600" });
    expect(list(response.headers.get("access-control-allow-methods"))).toEqual(
      expect.arrayContaining(["GET", "POST", "PUT", "PATCH", "DELETE"].map((method) => method.toLowerCase())),
    );
    expect(list(response.headers.get("access-control-allow-headers"))).toEqual(
      expect.arrayContaining(["authorization", "content-type", "if-match", "idempotency-key"]),
    );
  });

  it("lets a page read the headers a client needs from the answers themselves", async () => {
    const api = client(stack.url, stack.adminKey);
    const headers = { origin: ORIGIN, "idempotency-key": `cors-${Date.now()}` };
    const body = commitmentInput();
    const created = await api("POST", "/commitments", { body, headers });
    const replayed = await api("POST", "/commitments", { body, headers });
    const page = await api("GET", "/commitments?limit=1", { headers: { origin: ORIGIN } });

    expect([created.status, replayed.status, replayed.headers.get("idempotent-replayed")]).toEqual([
      201,
      201,
      "true",
    ]);
    for (const response of [created, replayed, page])
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(list(replayed.headers.get("access-control-expose-headers"))).toEqual(
      expect.arrayContaining([
        "etag",
        "location",
        "link",
        "x-next-cursor",
        "idempotent-replayed",
        "ratelimit-limit",
        "ratelimit-remaining",
        "ratelimit-reset",
        "retry-after",
      ]),
    );
  });

  it("adds nothing to a same-origin request, and routes an OPTIONS that is no preflight", async () => {
    const plain = await fetch(`${stack.url}/commitments`);
    const options = await fetch(`${stack.url}/commitments`, { method: "OPTIONS" });

    expect({
      origin: plain.headers.get("access-control-allow-origin"),
      options: options.status,
      type: options.headers.get("content-type"),
    }).toEqual({ origin: null, options: 405, type: "application/problem+json" });
  });
});
