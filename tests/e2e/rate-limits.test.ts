/**
 * Per-client rate limits over HTTP, on a stack configured with low limits and a clock that stands still (so no
 * bucket refills unless the test moves time): RateLimit-* on every answer, a 429 problem with Retry-After once a
 * bucket is empty, and a refused request that changed nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { frozenClock } from "../support/clock.ts";
import { commitmentInput } from "../support/fixtures.ts";
import { client } from "../support/http.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

const clock = frozenClock();
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ now: clock.now, rateLimits: { keyPerMinute: 2, anonymousPerMinute: 3 } });
});
afterAll(async () => stack?.close());

const limits = (response: { headers: Headers }) => ({
  limit: response.headers.get("ratelimit-limit"),
  remaining: response.headers.get("ratelimit-remaining"),
  reset: response.headers.get("ratelimit-reset"),
});

describe("rate limits", () => {
  it("counts a key's requests apart from the anonymous ones, and refuses the one too many without writing it", async () => {
    const api = client(stack.url, stack.adminKey);
    const anonymous = client(stack.url);
    const first = await api("POST", "/commitments", { body: commitmentInput({ title: "Allowed one" }) });
    const second = await api("POST", "/commitments", { body: commitmentInput({ title: "Allowed two" }) });
    const refused = await api("POST", "/commitments", { body: commitmentInput({ title: "Refused three" }) });
    const listing = await anonymous("GET", "/commitments");

    expect([first.status, second.status, limits(first), limits(second)]).toEqual([
      201,
      201,
      { limit: "2", remaining: "1", reset: "30" },
      { limit: "2", remaining: "0", reset: "60" },
    ]);
    expect({
      status: refused.status,
      type: refused.headers.get("content-type"),
      retryAfter: refused.headers.get("retry-after"),
      limits: limits(refused),
      problem: { status: refused.json.status, title: refused.json.title },
    }).toEqual({
      status: 429,
      type: "application/problem+json",
      retryAfter: "30",
      limits: { limit: "2", remaining: "0", reset: "60" },
      problem: { status: 429, title: "Too many requests" },
    });
    expect(refused.json.detail).toMatch(/with this API key: 2 a minute; retry in 30 s/);
    expect({ status: listing.status, limits: limits(listing) }).toEqual({
      status: 200,
      limits: { limit: "3", remaining: "2", reset: "20" },
    });
    expect(listing.json.items.map((item: { title: string }) => item.title).sort()).toEqual([
      "Allowed one",
      "Allowed two",
    ]);

    clock.advance(30_000);
    const later = await api("POST", "/commitments", { body: commitmentInput({ title: "After the wait" }) });
    expect({ status: later.status, limits: limits(later) }).toEqual({
      status: 201,
      limits: { limit: "2", remaining: "0", reset: "60" },
    });
  });

  it("counts a refused key against its address, and says so in every answer, 401 and 429 alike", async () => {
    const anonymous = client(stack.url);
    clock.advance(60_000);
    const answers = [];
    for (let index = 0; index < 4; index++)
      answers.push(
        await anonymous("GET", "/api-keys", { key: "ait_not-a-key-at-all-not-a-key-at-all-00000" }),
      );

    expect(answers.map((answer) => [answer.status, answer.headers.get("ratelimit-remaining")])).toEqual([
      [401, "2"],
      [401, "1"],
      [401, "0"],
      [429, "0"],
    ]);
    expect(answers[3]?.headers.get("retry-after")).toBe("20");
  });

  it("counts the 404s and 405s of paths and methods no route has against the address, so probing is limited too", async () => {
    const anonymous = client(stack.url);
    clock.advance(60_000);
    const answers = [
      await anonymous("GET", "/no-such-path"),
      await anonymous("DELETE", "/totals"),
      await anonymous("GET", "/admin/.env"),
      await anonymous("GET", "/no-such-path"),
    ];
    expect(answers.map((answer) => [answer.status, answer.headers.get("ratelimit-remaining")])).toEqual([
      [404, "2"],
      [405, "1"],
      [404, "0"],
      [429, "0"],
    ]);
    expect(answers[1]?.headers.get("allow")).toBe("GET");
    expect(answers[3]?.headers.get("retry-after")).toBe("20");
    const listing = await anonymous("GET", "/commitments");
    expect(listing.status).toBe(429);
  });
});
