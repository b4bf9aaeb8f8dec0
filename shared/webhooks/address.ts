/**
 * SSRF defence for webhook URLs (SPEC 6). The URL is parsed the way a client would parse it (WHATWG: `0177.0.0.1`,
 * `2130706433` and `0x7f.1` are all 127.0.0.1), the host is resolved once, every address is checked, and the
 * caller connects to the checked address, so a DNS answer cannot change between the check and the connection.
 */
import { BlockList, isIP } from "node:net";
import { TrackerError } from "../errors.ts";
import type { ResolvedAddress, WebhookDeps } from "./config.ts";

/** A URL the webhook rules refuse: 422 at subscription, a failed attempt (never a connection) at delivery. */
export class UnsafeUrlError extends TrackerError {
  override readonly status = 422;
  override readonly type = "unsafe-webhook-url";
  override readonly title = "The webhook URL is not allowed";
}

type Range = [network: string, prefix: number];

/** Always refused, even where private receivers are allowed: nothing legitimate listens there. */
const NEVER: Record<string, { v4: Range[]; v6: Range[] }> = {
  unspecified: { v4: [["0.0.0.0", 8]], v6: [["::", 128]] },
  "link-local (incl. the metadata address)": { v4: [["169.254.0.0", 16]], v6: [["fe80::", 10]] },
  multicast: { v4: [["224.0.0.0", 4]], v6: [["ff00::", 8]] },
  reserved: {
    v4: [
      ["240.0.0.0", 4],
      ["192.0.0.0", 24],
      ["192.0.2.0", 24],
      ["198.51.100.0", 24],
      ["203.0.113.0", 24],
      ["198.18.0.0", 15],
    ],
    v6: [
      ["2001:db8::", 32],
      ["100::", 64],
      ["fec0::", 10],
    ],
  },
};

/** Refused unless private receivers are allowed (the local stack). */
const PRIVATE: Record<string, { v4: Range[]; v6: Range[] }> = {
  loopback: { v4: [["127.0.0.0", 8]], v6: [["::1", 128]] },
  private: {
    v4: [
      ["10.0.0.0", 8],
      ["172.16.0.0", 12],
      ["192.168.0.0", 16],
    ],
    v6: [],
  },
  "carrier-grade NAT": { v4: [["100.64.0.0", 10]], v6: [] },
  "unique-local": { v4: [], v6: [["fc00::", 7]] },
};

function blockList(ranges: { v4: Range[]; v6: Range[] }): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of ranges.v4) list.addSubnet(network, prefix, "ipv4");
  for (const [network, prefix] of ranges.v6) list.addSubnet(network, prefix, "ipv6");
  return list;
}

const never = Object.entries(NEVER).map(([name, ranges]) => ({ name, list: blockList(ranges) }));
const privateRanges = Object.entries(PRIVATE).map(([name, ranges]) => ({ name, list: blockList(ranges) }));

/** The IPv4 address an IPv6 address carries: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64, 6to4. */
export function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (!groups) return undefined;
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  if (zeros(0, 5) && groups[5] === 0xffff) return v4(groups[6] as number, groups[7] as number);
  if (zeros(0, 6) && ((groups[6] as number) !== 0 || (groups[7] as number) > 1))
    return v4(groups[6] as number, groups[7] as number);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6))
    return v4(groups[6] as number, groups[7] as number);
  if (groups[0] === 0x2002) return v4(groups[1] as number, groups[2] as number);
  return undefined;
}

/** Eight 16-bit groups of an IPv6 address (with or without an embedded dotted quad), or undefined. */
function expandIpv6(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.toLowerCase().split("%")[0] as string;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a, b, c, d] = dotted[1].split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : new Array(8 - left.length - right.length).fill("0");
  const groups = [...left, ...fill, ...right].map((group) => Number.parseInt(group, 16));
  return groups.length === 8 ? groups : undefined;
}

/** Why an address may not receive webhooks, or undefined when it may. */
export function refusalReason(address: string, allowPrivate: boolean): string | undefined {
  const family = isIP(address);
  if (family === 0) return "is not an IP address";
  const type = family === 6 ? "ipv6" : "ipv4";
  const embedded = family === 6 ? embeddedIpv4(address) : undefined;
  if (embedded) {
    const inner = refusalReason(embedded, allowPrivate);
    return inner ? `${inner} (IPv4 ${embedded} inside an IPv6 address)` : undefined;
  }
  const hit = (ranges: { name: string; list: BlockList }[]) =>
    ranges.find(({ list }) => list.check(address, type))?.name;
  const reason = hit(never) ?? (allowPrivate ? undefined : hit(privateRanges));
  return reason ? `is in the ${reason} range` : undefined;
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
