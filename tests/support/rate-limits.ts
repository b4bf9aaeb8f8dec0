import type { RateLimitSettings } from "../../shared/http/rate-limit.ts";

/**
 * Limits nothing reaches: the tests' stacks, the bench and the fault runs are not throttled (they measure the
 * stack, not its per-client limits) unless a test asks for limits of its own.
 */
export const UNTHROTTLED: RateLimitSettings = {
  keyPerMinute: 1_000_000_000,
  anonymousPerMinute: 1_000_000_000,
};
