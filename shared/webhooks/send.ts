/**
 * One delivery attempt over HTTP: the URL is checked again (SSRF), the request goes to the checked address (the
 * Host header and TLS name stay the URL's), redirects are answers rather than directions, and the whole
 * exchange has one deadline.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import type { Deps } from "../deps.ts";
import { checkWebhookUrl, UnsafeUrlError } from "./address.ts";
import type { Attempt } from "./schema.ts";
import type { StoredSecret } from "./secrets.ts";
import { signedHeaders } from "./signing.ts";

const USER_AGENT = "ai-infra-tracker-webhooks/1";
/** Response bytes read before the rest is dropped: the body is not kept, only drained. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** A Retry-After further out than this is not believed. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export interface AttemptResult extends Attempt {
  /** What a 429/503 asked for, in ms from now. */
  retryAfterMs?: number;
}

/** Sends one signed request; never throws: every failure is an attempt result with an error. */
export async function sendAttempt(
  deps: Deps,
  target: { id: string; url: string; secrets: readonly StoredSecret[] },
  messageId: string,
  body: string,
): Promise<AttemptResult> {
  const started = deps.now();
  const startedMs = performance.now();
  const elapsed = () => Math.round(performance.now() - startedMs);
  const at = started.toISOString();
  let checked: Awaited<ReturnType<typeof checkWebhookUrl>>;
  try {
    checked = await checkWebhookUrl(deps.webhooks, target.url);
  } catch (error) {
    const reason = error instanceof UnsafeUrlError ? error.message : `URL check failed: ${String(error)}`;
    return { at, durationMs: elapsed(), error: `refused before connecting: ${reason}` };
  }
  try {
    const headers = signedHeaders(messageId, body, target, deps.webhookSecretKey, started);
    const response = await post(checked.url, checked.address.address, headers, body, deps.webhooks.timeoutMs);
    const status = response.status;
    const result: AttemptResult = { at, status, durationMs: elapsed() };
    if (status >= 200 && status < 300) return result;
    if (status >= 300 && status < 400)
      result.error = `answered ${status}; redirects are not followed${response.location ? ` (Location: ${response.location.slice(0, 200)})` : ""}`;
    else result.error = `answered ${status}`;
    const retryAfter =
      status === 429 || status === 503 ? parseRetryAfter(response.retryAfter, started) : undefined;
    if (retryAfter !== undefined) result.retryAfterMs = retryAfter;
    return result;
  } catch (error) {
    return { at, durationMs: elapsed(), error: (error as Error).message };
  }
}

interface Answer {
  status: number;
  location?: string;
  retryAfter?: string;
}

function post(
  url: URL,
  address: string,
  signed: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<Answer> {
  const payload = Buffer.from(body, "utf8");
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const isName = isIP(hostname) === 0;
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<Answer>((resolve, reject) => {
    const outgoing = request({
      // The checked address itself: no second lookup that a DNS answer could change.
      host: address,
      port: url.port || (url.protocol === "https:" ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: "POST",
      agent: false,
      ...(url.protocol === "https:" && isName ? { servername: hostname } : {}),
      headers: {
        host: url.host,
        "content-type": "application/json",
        "content-length": String(payload.byteLength),
        "user-agent": USER_AGENT,
        ...signed,
      },
    });
    const timer = setTimeout(() => outgoing.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      settle();
    };
    outgoing.once("error", (error) => finish(() => reject(error)));
    outgoing.once("response", (response: IncomingMessage) => {
      let read = 0;
      response.on("data", (chunk: Buffer) => {
        read += chunk.byteLength;
        if (read > MAX_RESPONSE_BYTES) response.destroy();
      });
      const answer = {
        status: response.statusCode ?? 0,
        ...(typeof response.headers.location === "string" ? { location: response.headers.location } : {}),
        ...(typeof response.headers["retry-after"] === "string"
          ? { retryAfter: response.headers["retry-after"] }
          : {}),
      };
      // The status is the answer; a body cut short (or too long to read) does not change it.
      response.once("end", () => finish(() => resolve(answer)));
      response.once("close", () => finish(() => resolve(answer)));
      response.once("error", () => finish(() => resolve(answer)));
    });
    outgoing.end(payload);
  });
}

/** Retry-After as delta-seconds or an HTTP date, in ms from `now`; undefined when absent or unbelievable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now.getTime();
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_RETRY_AFTER_MS) return undefined;
  return ms;
}
