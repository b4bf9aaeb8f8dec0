/**
 * SSRF defence over HTTP with the deployed rules (https only, no private addresses). Names resolve through a
 * resolver the test owns, never real DNS, and every refused URL is refused before any connection is made.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResolvedAddress } from "../../shared/webhooks/config.ts";
import { client } from "../support/http.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

const PUBLIC: ResolvedAddress = { address: "93.184.216.34", family: 4 };
const names = new Map<string, ResolvedAddress[]>([
  ["public.example.test", [PUBLIC]],
  ["inward.example.test", [{ address: "10.1.2.3", family: 4 }]],
  ["mixed.example.test", [PUBLIC, { address: "127.0.0.1", family: 4 }]],
  ["metadata.example.test", [{ address: "169.254.169.254", family: 4 }]],
  ["ula.example.test", [{ address: "fd00:ec2::254", family: 6 }]],
  ["mapped.example.test", [{ address: "::ffff:192.168.0.1", family: 6 }]],
]);

let stack: TestStack;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startTestStack({
    webhooks: {
      allowPrivate: false,
      allowHttp: false,
      resolve: async (hostname) => {
        const found = names.get(hostname);
        if (!found)
          throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
        return found;
      },
    },
  });
  api = client(stack.url, stack.adminKey);
});
afterAll(async () => {
  await stack?.close();
});

const subscribe = (url: string) =>
  api("POST", "/webhooks", { body: { url, events: ["commitment.created"] } });

describe("webhook URLs the SSRF rules refuse at subscription", () => {
  it.each([
    ["loopback", "https://127.0.0.1/hook"],
    ["loopback in octal", "https://0177.0.0.1/hook"],
    ["loopback as one number", "https://2130706433/hook"],
    ["loopback in hex", "https://0x7f.0.0.1/hook"],
    ["loopback, short form", "https://127.1/hook"],
    ["IPv6 loopback", "https://[::1]/hook"],
    ["IPv4-mapped loopback", "https://[::ffff:127.0.0.1]/hook"],
    ["IPv4-mapped loopback in hex", "https://[::ffff:7f00:1]/hook"],
    ["the unspecified address", "https://0.0.0.0/hook"],
    ["private 10/8", "https://10.0.0.1/hook"],
    ["private 172.16/12", "https://172.16.5.4/hook"],
    ["private 192.168/16", "https://192.168.1.1/hook"],
    ["carrier-grade NAT", "https://100.64.0.1/hook"],
    ["the metadata address", "https://169.254.169.254/latest/meta-data/"],
    ["link-local", "https://169.254.10.10/hook"],
    ["multicast", "https://224.0.0.251/hook"],
    ["IPv6 unique-local", "https://[fd12:3456:789a::1]/hook"],
    ["IPv6 link-local", "https://[fe80::1]/hook"],
    ["IPv6 multicast", "https://[ff02::1]/hook"],
    ["NAT64 of a private address", "https://[64:ff9b::a00:1]/hook"],
    ["6to4 of a private address", "https://[2002:a00:1::1]/hook"],
    ["local-use NAT64", "https://[64:ff9b:1::a00:1]/hook"],
    ["SIIT of a loopback address", "https://[::ffff:0:7f00:1]/hook"],
    ["Teredo with a private client", "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/hook"],
    ["a name that resolves inward", "https://inward.example.test/hook"],
    ["a name with one inward address among public ones", "https://mixed.example.test/hook"],
    ["a name that resolves to the metadata address", "https://metadata.example.test/hook"],
    ["a name that resolves to a unique-local address", "https://ula.example.test/hook"],
    ["a name that resolves to a mapped private address", "https://mapped.example.test/hook"],
    ["a name that does not resolve", "https://nowhere.example.test/hook"],
    ["plain http where https is required", "http://public.example.test/hook"],
    ["credentials in the URL", "https://user:secret@public.example.test/hook"],
  ])("refuses %s (%s) with a 422 naming the url", async (_case, url) => {
    const response = await subscribe(url);

    expect({ status: response.status, path: response.json.errors?.[0]?.path }).toEqual({
      status: 422,
      path: "url",
    });
  });

  it("refuses a non-http scheme", async () => {
    const response = await subscribe("ftp://public.example.test/hook");

    expect({ status: response.status, path: response.json.errors?.[0]?.path }).toEqual({
      status: 422,
      path: "url",
    });
  });

  it("accepts an https URL whose every address is public (resolving only: nothing is sent)", async () => {
    const response = await subscribe("https://public.example.test/hook");

    expect(response.status).toBe(201);
  });

  it("refuses a new URL on PATCH just as on creation", async () => {
    const created = await subscribe("https://public.example.test/hook");
    const patched = await api("PATCH", `/webhooks/${created.json.id}`, {
      body: { url: "https://[::ffff:10.0.0.1]/" },
    });

    expect({ status: patched.status, path: patched.json.errors?.[0]?.path }).toEqual({
      status: 422,
      path: "url",
    });
  });
});

describe("the SSRF check at delivery", () => {
  it("refuses, before connecting, a name that resolved outward at subscription and inward now", async () => {
    names.set("rebind.example.test", [PUBLIC]);
    const created = await subscribe("https://rebind.example.test/hook");
    names.set("rebind.example.test", [{ address: "127.0.0.1", family: 4 }]);

    const ping = await api("POST", `/webhooks/${created.json.id}/ping`);

    expect({
      status: ping.status,
      attempts: ping.json.attempts.map((attempt: { status?: number; error: string }) => ({
        status: attempt.status,
        refused: /refused before connecting.*127\.0\.0\.1.*loopback/.test(attempt.error),
      })),
      delivery: ping.json.status,
    }).toEqual({ status: 200, attempts: [{ status: undefined, refused: true }], delivery: "pending" });
  });
});
