import { describe, expect, it } from "vitest";
import { checkWebhookUrl, embeddedIpv4, refusalReason } from "../../shared/webhooks/address.ts";
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
    ["255.255.255.255", "reserved"],
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
  ])("allows the public address %s", (address) => {
    expect(refusalReason(address, false)).toBeUndefined();
  });

  it("allows loopback, private and unique-local addresses when private receivers are allowed", () => {
    expect(
      ["127.0.0.1", "10.0.0.1", "fd00::1", "::1"].map((address) => refusalReason(address, true)),
    ).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("still refuses the metadata address, multicast and the unspecified address when private receivers are allowed", () => {
    expect(
      ["169.254.169.254", "224.0.0.1", "0.0.0.0", "fe80::1"].every((address) => refusalReason(address, true)),
    ).toBe(true);
  });
});

describe("embeddedIpv4", () => {
  it.each([
    ["::ffff:7f00:1", "127.0.0.1"],
    ["::ffff:10.0.0.1", "10.0.0.1"],
    ["64:ff9b::a00:1", "10.0.0.1"],
    ["2002:c0a8:101::", "192.168.1.1"],
    ["::a00:1", "10.0.0.1"],
  ])("finds the IPv4 address in %s", (address, inner) => {
    expect(embeddedIpv4(address)).toBe(inner);
  });

  it("finds none in a plain IPv6 address", () => {
    expect(embeddedIpv4("2606:4700::1111")).toBeUndefined();
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
