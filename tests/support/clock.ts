/**
 * Time as a parameter for connected tests: the clock a test's deps read, moved forward by the test, so that a
 * retry or a lease comes due at once instead of being slept for.
 */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

/**
 * A clock standing still until the test moves it. It starts at the real time by default: DynamoDB Local removes
 * items whose TTL (`expiresAt`, e.g. a delivery's 30 days) is already past, at moments of its own choosing.
 */
export function frozenClock(start: Date = new Date()): TestClock {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advance(ms) {
      at += ms;
    },
  };
}

/** A clock running with real time, plus whatever the test has moved it by. */
export function movingClock(): TestClock {
  let moved = 0;
  return {
    now: () => new Date(Date.now() + moved),
    advance(ms) {
      moved += ms;
    },
  };
}
