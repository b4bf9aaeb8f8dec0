/** The origin a request was sent to, so that pages and feeds can link to themselves absolutely. */

const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/i;
const IPV6_HOST = /^\[[0-9a-f:.]+\](?::\d{1,5})?$/i;

/**
 * "https://abc123.execute-api.us-east-1.amazonaws.com", "http://127.0.0.1:3000": from the Host header and the
 * X-Forwarded-Proto that API Gateway (and the local stack) set. Undefined for a Host that is not a host name,
 * so a forged header can put nothing but a host into a link.
 */
export function requestOrigin(headers: Record<string, string>): string | undefined {
  const host = headers.host;
  if (!host || !(HOST.test(host) || IPV6_HOST.test(host))) return undefined;
  const proto = headers["x-forwarded-proto"]?.split(",")[0]?.trim().toLowerCase();
  return `${proto === "http" ? "http" : "https"}://${host.toLowerCase()}`;
}
