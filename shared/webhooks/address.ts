/**
 * SSRF defence for webhook URLs (SPEC 6). The URL is parsed the way a client would parse it (WHATWG: `0177.0.0.1`,
 * `2130706433` and `0x7f.1` are all 127.0.0.1), the host is resolved once, every address is checked, and the
 * caller connects to the checked address, so a DNS answer cannot change between the check and the connection.
 */
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { TrackerError } from "../errors.ts";
import type { ResolvedAddress, WebhookDeps } from "./config.ts";

/** A URL the webhook rules refuse: 422 at subscription, a failed attempt (never a connection) at delivery. */
export class UnsafeUrlError extends TrackerError {
  override readonly status = 422;
  override readonly type = "unsafe-webhook-url";
  override readonly title = "The webhook URL is not allowed";
}

/**
 * The special-purpose ranges are ipaddr.js's table (IANA's IPv4 and IPv6 special-purpose registries); here is only
 * what each kind means for a receiver. Anything in a special range not named below is refused everywhere.
 */
const PRIVATE = new Set(["loopback", "private", "uniqueLocal", "carrierGradeNat"]);
/** IPv6 ranges that carry IPv4 addresses: judged by the addresses they carry. */
const CARRIERS = new Set(["ipv4Mapped", "rfc6145", "rfc6052", "6to4", "teredo"]);
const WORDS: Record<string, string> = {
  linkLocal: "link-local (incl. the metadata address)",
  carrierGradeNat: "carrier-grade NAT",
  uniqueLocal: "unique-local",
  deprecatedSiteLocal: "deprecated site-local",
  localUseNat64: "local-use NAT64",
};
/** RFC 8215's local-use NAT64 prefix, inside ipaddr.js's rfc6052 range: an operator's own network, so private. */
const LOCAL_USE_NAT64 = ipaddr.parseCIDR("64:ff9b:1::/48");

const dotted = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/** The special range an address is in ("unicast" for none), with local-use NAT64 told apart from NAT64. */
function rangeOf(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  if (address.kind() === "ipv6" && address.match(LOCAL_USE_NAT64)) return "localUseNat64";
  return address.range();
}

/**
 * The IPv4 addresses an IPv6 address carries: mapped (::ffff:a.b.c.d), SIIT (::ffff:0:a.b.c.d), compatible
 * (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4 (2002:aabb:ccdd::) and Teredo (its server, and its client, stored
 * inverted).
 */
export function embeddedIpv4Addresses(text: string): string[] {
  if (!ipaddr.IPv6.isValid(text)) return [];
  const address = ipaddr.IPv6.parse(text);
  const parts = address.parts as [number, number, number, number, number, number, number, number];
  const last = dotted(parts[6], parts[7]);
  switch (rangeOf(address)) {
    case "ipv4Mapped":
    case "rfc6145":
    case "rfc6052":
      return [last];
    case "6to4":
      return [dotted(parts[1], parts[2])];
    case "teredo":
      return [dotted(parts[2], parts[3]), dotted(parts[6] ^ 0xffff, parts[7] ^ 0xffff)];
    case "unicast":
      return parts.slice(0, 6).every((part) => part === 0) ? [last] : [];
    default:
      return [];
  }
}

/** Why an address may not receive webhooks, or undefined when it may. */
export function refusalReason(text: string, allowPrivate: boolean): string | undefined {
  if (!isIP(text)) return "is not an IP address";
  const address = ipaddr.parse(text.split("%")[0] as string);
  for (const inner of embeddedIpv4Addresses(text)) {
    const reason = refusalReason(inner, allowPrivate);
    if (reason) return `${reason} (IPv4 ${inner} inside an IPv6 address)`;
  }
  const range = rangeOf(address);
  if (range === "unicast" || CARRIERS.has(range)) return undefined;
  if (allowPrivate && (PRIVATE.has(range) || range === "localUseNat64")) return undefined;
  return `is in the ${WORDS[range] ?? range} range`;
}

export interface CheckedUrl {
  url: URL;
  /** The address to connect to: checked, never looked up again. */
  address: ResolvedAddress;
}

/** Parses, resolves and checks a webhook URL; throws UnsafeUrlError naming the first refused address. */
export async function checkWebhookUrl(
  config: Pick<WebhookDeps, "allowPrivate" | "allowHttp" | "resolve">,
  raw: string,
): Promise<CheckedUrl> {
  const refuse = (message: string) =>
    new UnsafeUrlError(`the webhook URL ${message}`, { errors: [{ path: "url", message }] });
  if (!URL.canParse(raw)) throw refuse("is not a URL");
  const url = new URL(raw);
  const schemes = config.allowHttp ? ["https:", "http:"] : ["https:"];
  if (!schemes.includes(url.protocol))
    throw refuse(`must use ${config.allowHttp ? "http or https" : "https"}, not ${url.protocol}`);
  if (url.username || url.password) throw refuse("must not carry credentials");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: ResolvedAddress[];
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await config.resolve(host);
    } catch (error) {
      throw new UnsafeUrlError(`the webhook host ${host} does not resolve`, {
        cause: error,
        errors: [{ path: "url", message: `${host} does not resolve` }],
      });
    }
  }
  if (addresses.length === 0) throw refuse(`host ${host} resolves to no address`);
  for (const { address } of addresses) {
    const reason = refusalReason(address, config.allowPrivate);
    if (reason)
      throw refuse(
        address === host
          ? `host ${address} ${reason}`
          : `host ${host} resolves to ${address}, which ${reason}`,
      );
  }
  return { url, address: addresses[0] as ResolvedAddress };
}
