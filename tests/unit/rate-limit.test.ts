import { describe, expect, it } from "vitest";
import { TooManyRequestsError } from "../../shared/errors.ts";
import { RateLimiter, rateLimitHeaders } from "../../shared/http/rate-limit.ts";

const at = (seconds: number) => new Date(Date.UTC(2025, 0, 1) + seconds * 1000);
const admin = { id: "admin", scope: "admin" as const };
const anonymous = { id: "anonymous", scope: null };

describe("RateLimiter", () => {
  it("lets a full bucket's worth through at once, then one request per refilled token", () => {
    const limiter = new RateLimiter({ keyPerMinute: 60, anonymousPerMinute: 6 });
    const burst = Array.from({ length: 60 }, () => limiter.admit(admin, "203.0.113.9", at(0)).remaining);
    expect(burst.at(0)).toBe(59);
    expect(burst.at(-1)).toBe(0);
    expect(() => limiter.admit(admin, "203.0.113.9", at(0.5))).toThrow(TooManyRequestsError);
    expect(limiter.admit(admin, "203.0.113.9", at(1)).remaining).toBe(0);
  });

  it("answers 429 with Retry-After and the RateLimit-* headers when the bucket is empty", () => {
    const limiter = new RateLimiter({ keyPerMinute: 60, anonymousPerMinute: 6 });
    for (let index = 0; index < 6; index++) limiter.admit(anonymous, "203.0.113.9", at(0));
    let refused: unknown;
    try {
      limiter.admit(anonymous, "203.0.113.9", at(0));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect((refused as TooManyRequestsError).headers).toEqual({
      "ratelimit-limit": "6",
      "ratelimit-remaining": "0",
      "ratelimit-reset": "60",
      "retry-after": "10",
    });
  });

  it("keeps a bucket per key and one per address for everyone without a key", () => {
    const limiter = new RateLimiter({ keyPerMinute: 1, anonymousPerMinute: 1 });
    limiter.admit(anonymous, "203.0.113.9", at(0));
    expect(() => limiter.admit(undefined, "203.0.113.9", at(0)), "same address").toThrow(
      TooManyRequestsError,
    );
    expect(limiter.admit(anonymous, "203.0.113.10", at(0)).allowed, "another address").toBe(true);
    expect(limiter.admit(admin, "203.0.113.9", at(0)).allowed, "a key").toBe(true);
    expect(limiter.admit({ id: "key_2", scope: "read" }, "203.0.113.9", at(0)).allowed, "another key").toBe(
      true,
    );
  });

  it("keeps at most 10,000 buckets, dropping the least recently seen client first", () => {
    const limiter = new RateLimiter({ keyPerMinute: 1, anonymousPerMinute: 1 });
    for (let index = 0; index <= 10_000; index++) limiter.admit(undefined, `ip-${index}`, at(0));
    // The 10,001st bucket pushed out the first: that client starts afresh, the most recent one does not.
    expect(limiter.admit(undefined, "ip-0", at(0)).allowed, "least recently seen").toBe(true);
    expect(() => limiter.admit(undefined, "ip-10000", at(0)), "most recently seen").toThrow(
      TooManyRequestsError,
    );
  });

  it("names the headers as the API documents them", () => {
    const state = new RateLimiter().take("key:admin", 600, 0);
    expect(rateLimitHeaders(state)).toEqual({
      "ratelimit-limit": "600",
      "ratelimit-remaining": "599",
      "ratelimit-reset": "1",
    });
  });
});
