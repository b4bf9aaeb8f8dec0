/**
 * Per-client rate limits in the request path (issue 12): a token bucket per API key (by its id) and, for anonymous
 * and unauthenticated requests, per source IP. Every answer carries `RateLimit-Limit`, `RateLimit-Remaining` and
 * `RateLimit-Reset`; an empty bucket is a 429 with `Retry-After`, before the handler runs, so it changes nothing.
 *
 * The buckets live in the process: the local stack has one, and deployed each Lambda instance keeps its own, under
 * API Gateway's stage throttling (burst and rate, infra/api.ts), which bounds the whole API. That is the design,
 * not a shortcut: a shared counter in DynamoDB would cost a write on every request (doubling a listing page's
 * requests, which the performance budget forbids), and a client spread over many warm instances is still held by
 * the stage's limit. A limit per instance is the most one client can get from each instance it reaches.
 */

import { TooManyRequestsError } from "../errors.ts";
import type { Principal } from "../store/api-keys.ts";

export interface RateLimitSettings {
  /** Requests a minute per API key, which may also come all at once (the bucket's size). */
  keyPerMinute: number;
  /** Requests a minute per source IP, for requests without a valid key. */
  anonymousPerMinute: number;
}

export const defaultRateLimits: RateLimitSettings = { keyPerMinute: 600, anonymousPerMinute: 300 };

/** What a bucket said about one request. */
export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until the next request is allowed (when this one was not). */
  retryAfterSeconds: number;
}

/** Buckets kept at most; beyond it full (idle) buckets are dropped, then the oldest. */
const MAX_BUCKETS = 10_000;
const MINUTE_MS = 60_000;

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  readonly settings: RateLimitSettings;
  readonly #buckets = new Map<string, Bucket>();

  constructor(settings: Partial<RateLimitSettings> = {}) {
    this.settings = { ...defaultRateLimits, ...settings };
  }

  /** Takes one token from the bucket `key` holds at `perMinute`, refilled continuously. */
  take(key: string, perMinute: number, nowMs: number): RateLimitState {
    const perMs = perMinute / MINUTE_MS;
    const kept = this.#buckets.get(key);
    const tokens = kept ? Math.min(perMinute, kept.tokens + Math.max(0, nowMs - kept.at) * perMs) : perMinute;
    const allowed = tokens >= 1;
    const left = allowed ? tokens - 1 : tokens;
    this.#buckets.delete(key);
    this.#buckets.set(key, { tokens: left, at: nowMs });
    if (this.#buckets.size > MAX_BUCKETS) this.#prune(nowMs);
    return {
      allowed,
      limit: perMinute,
      remaining: Math.floor(left),
      resetSeconds: Math.ceil((perMinute - left) / perMs / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - left) / perMs / 1000)),
    };
  }

  #prune(nowMs: number): void {
    for (const [key, bucket] of this.#buckets) {
      const perMinute = key.startsWith("key:")
        ? this.settings.keyPerMinute
        : this.settings.anonymousPerMinute;
      if (bucket.tokens + (nowMs - bucket.at) * (perMinute / MINUTE_MS) >= perMinute)
        this.#buckets.delete(key);
    }
    // Still too many busy clients: the least recently seen go first (a Map keeps insertion order).
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= MAX_BUCKETS) break;
      this.#buckets.delete(key);
    }
  }

  /**
   * Counts a request: against its key's bucket, or its source IP's without a valid key. Answers the state for the
   * response's headers; throws a 429 carrying them and `Retry-After` when the bucket is empty.
   */
  admit(principal: Principal | undefined, sourceIp: string, now: Date): RateLimitState {
    const byKey = principal !== undefined && principal.scope !== null;
    const state = byKey
      ? this.take(`key:${principal.id}`, this.settings.keyPerMinute, now.getTime())
      : this.take(`ip:${sourceIp}`, this.settings.anonymousPerMinute, now.getTime());
    if (!state.allowed)
      throw new TooManyRequestsError(
        `too many requests ${byKey ? "with this API key" : "from this address"}: ${state.limit} a minute; retry in ${state.retryAfterSeconds} s`,
        { headers: { ...rateLimitHeaders(state), "retry-after": String(state.retryAfterSeconds) } },
      );
    return state;
  }
}

/** The three RateLimit-* headers of a response. */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    "ratelimit-limit": String(state.limit),
    "ratelimit-remaining": String(state.remaining),
    "ratelimit-reset": String(state.resetSeconds),
  };
}
