import { describe, expect, it } from "vitest";
import { checkWebhookUrl, embeddedIpv4Addresses, refusalReason } from "../../shared/webhooks/address.ts";
import type { ResolvedAddress } from "../../shared/webhooks/config.ts";

const resolver = (answers: Record<string, ResolvedAddress[]>) => async (hostname: string) => {
  const found = answers[hostname];
  if (!found) throw new Error(`ENOTFOUND ${hostname}`);
  return found;
};
const deployed = { allowPrivate: false, allowHttp: false, resolve: resolver({}) };

describe("refusalReason", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["10.20.30.40", "private"],
    ["172.31.255.255", "private"],
    ["192.168.0.1", "private"],
    ["100.127.255.254", "carrier-grade NAT"],
    ["169.254.169.254", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["198.18.0.1", "reserved"],
    ["192.0.2.1", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "unique-local"],
    ["fdff:ffff::1", "unique-local"],
    ["fe80::abcd", "link-local"],
    ["ff05::2", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["64:ff9b::c0a8:1", "private"],
    ["2002:7f00:1::", "loopback"],
    ["64:ff9b:1::a00:1", "local-use NAT64"],
    ["64:ff9b:1:808:8:800::", "local-use NAT64"],
    ["::ffff:0:a00:1", "private"],
    ["::ffff:0:7f00:1", "loopback"],
    ["::ffff:0:a9fe:a9fe", "link-local"],
    ["2001:0:4136:e378:8000:63bf:f5ff:fffe", "private"],
    ["2001:0:a00:1::f7f7:f7f7", "private"],
    ["2001:0:808:404::80ff:fefe", "loopback"],
    ["2001:db8::1", "reserved"],
    ["fec0::1", "site-local"],
    ["100::1", "discard"],
  ])("refuses %s as %s", (address, kind) => {
    expect(refusalReason(address, false)).toContain(kind);
  });

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "172.32.0.1",
    "100.128.0.1",
    "64:ff9b::808:808",
    "::ffff:0:808:808",
    "2001:0:808:404::f7f7:f7f7",
    "2002:808:808::1",
  ])("allows the public address %s", (address) => {
    expect(refusalReason(address, false)).toBeUndefined();
  });

  it("allows loopback, private and unique-local addresses when private receivers are allowed", () => {
    expect(
      ["127.0.0.1", "10.0.0.1", "fd00::1", "::1"].map((address) => refusalReason(address, true)),
    ).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("allows local-use NAT64 and addresses wrapping private ones when private receivers are allowed", () => {
    expect(
      ["64:ff9b:1::a00:1", "::ffff:0:a00:1", "2001:0:4136:e378:8000:63bf:f5ff:fffe"].map((address) =>
        refusalReason(address, true),
      ),
    ).toEqual([undefined, undefined, undefined]);
  });

  it("still refuses the metadata address, multicast and the unspecified address when private receivers are allowed", () => {
    expect(
      ["169.254.169.254", "224.0.0.1", "0.0.0.0", "fe80::1"].every((address) => refusalReason(address, true)),
    ).toBe(true);
  });
});

describe("embeddedIpv4Addresses", () => {
  it.each([
    ["::ffff:7f00:1", ["127.0.0.1"]],
    ["::ffff:10.0.0.1", ["10.0.0.1"]],
    ["::ffff:0:a00:1", ["10.0.0.1"]],
    ["64:ff9b::a00:1", ["10.0.0.1"]],
    ["2002:c0a8:101::", ["192.168.1.1"]],
    ["::a00:1", ["10.0.0.1"]],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", ["65.54.227.120", "192.0.2.45"]],
  ])("finds the IPv4 addresses in %s", (address, inner) => {
    expect(embeddedIpv4Addresses(address)).toEqual(inner);
  });

  it("finds none in a plain IPv6 address", () => {
    expect(embeddedIpv4Addresses("2606:4700::1111")).toEqual([]);
  });
});

describe("checkWebhookUrl", () => {
  it("answers the resolved, checked address to connect to", async () => {
    const checked = await checkWebhookUrl(
      { ...deployed, resolve: resolver({ "hooks.example.test": [{ address: "93.184.216.34", family: 4 }] }) },
      "https://hooks.example.test/in",
    );
    expect(checked.address).toEqual({ address: "93.184.216.34", family: 4 });
  });

  it("refuses a name when any one of its addresses is inward", async () => {
    const config = {
      ...deployed,
      resolve: resolver({
        "hooks.example.test": [
          { address: "93.184.216.34", family: 4 },
          { address: "fd00::5", family: 6 },
        ],
      }),
    };
    await expect(checkWebhookUrl(config, "https://hooks.example.test/")).rejects.toThrow(
      /fd00::5.*unique-local/,
    );
  });

  it("refuses plain http unless it is allowed", async () => {
    await expect(checkWebhookUrl(deployed, "http://93.184.216.34/")).rejects.toThrow(/must use https/);
  });

  it("accepts plain http where it is allowed", async () => {
    const checked = await checkWebhookUrl({ ...deployed, allowHttp: true }, "http://93.184.216.34/");
    expect(checked.url.protocol).toBe("http:");
  });

  it("does not resolve an IP literal", async () => {
    let lookups = 0;
    const config = {
      ...deployed,
      resolve: async () => {
        lookups++;
        return [];
      },
    };
    await checkWebhookUrl(config, "https://93.184.216.34/");
    expect(lookups).toBe(0);
  });
});
