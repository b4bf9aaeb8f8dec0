/**
 * Webhook settings (SPEC 6): the retry schedule, the timeout and the address rules are configuration, so the
 * local stack can allow a receiver on localhost and tests can run the whole schedule in seconds.
 */
import { lookup } from "node:dns/promises";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a host name resolves to (the SSRF check looks at all of them). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface WebhookSettings {
  /** Allow private, loopback and unique-local receivers (the local stack's default; never when deployed). */
  allowPrivate: boolean;
  /** Allow plain http receivers (local stack); deployed, receivers must be https. */
  allowHttp: boolean;
  /** Delay before each retry after a failed attempt, in ms; when it runs out the delivery is exhausted. */
  retrySchedule: readonly number[];
  /** One attempt's limit, connection to last byte. */
  timeoutMs: number;
  /** An endpoint with nothing but failures for this long is disabled. */
  disableAfterMs: number;
  /** How long the previous secret keeps signing after a rotation, unless the rotation names its own overlap. */
  secretOverlapMs: number;
}

export interface WebhookDeps extends WebhookSettings {
  resolve: Resolver;
  /** Jitter source, [0, 1). */
  random: () => number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNITS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY };

export const DEFAULT_RETRY_SCHEDULE = "5s,5m,30m,2h,5h,10h,10h";

export const defaultWebhookSettings: WebhookSettings = {
  allowPrivate: false,
  allowHttp: false,
  retrySchedule: parseSchedule(DEFAULT_RETRY_SCHEDULE),
  timeoutMs: 15 * SECOND,
  disableAfterMs: 5 * DAY,
  secretOverlapMs: DAY,
};

/** The system resolver, every address, in the order it answers. */
export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/** Deployed rules and the system resolver, with whatever the caller overrides. */
export function webhookDeps(overrides: Partial<WebhookDeps> = {}): WebhookDeps {
  return { ...defaultWebhookSettings, resolve: systemResolver, random: Math.random, ...overrides };
}

/** "15s" → 15000; "100ms", "5m", "2h", "5d". Throws on anything else. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!match?.[1] || !match[2])
    throw new Error(`"${text}" is not a duration such as 100ms, 5s, 5m, 2h or 5d`);
  return Math.round(Number(match[1]) * (UNITS[match[2]] as number));
}

/** "5s,5m,30m" → [5000, 300000, 1800000]; an empty schedule means no retries. */
export function parseSchedule(text: string): number[] {
  return text.trim() === "" ? [] : text.split(",").map(parseDuration);
}
