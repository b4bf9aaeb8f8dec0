import { describe, expect, it } from "vitest";
import {
  generateApiKey,
  generateSecret,
  hashApiKey,
  sameKey,
  scopeAllows,
  secretSetting,
} from "../../shared/domain/api-key.ts";

const secretPart = (key: string) => key.replace(/^ait_/, "");

describe("generateApiKey", () => {
  it("carries at least 128 random bits", () => {
    const bits = Buffer.from(secretPart(generateApiKey()), "base64url").length * 8;

    expect(bits).toBeGreaterThanOrEqual(128);
  });

  it("has a recognisable prefix", () => {
    expect(generateApiKey()).toMatch(/^ait_[A-Za-z0-9_-]+$/);
  });

  it("gives a different key every time", () => {
    const keys = new Set(Array.from({ length: 1000 }, generateApiKey));

    expect(keys.size).toBe(1000);
  });
});

describe("hashApiKey", () => {
  it("is deterministic", () => {
    const key = generateApiKey();

    expect(hashApiKey(key)).toBe(hashApiKey(key));
  });

  it("is a SHA-256 hex digest, never the key itself", () => {
    const key = generateApiKey();

    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("differs for different keys", () => {
    expect(hashApiKey(generateApiKey())).not.toBe(hashApiKey(generateApiKey()));
  });
});

describe("sameKey", () => {
  it("is true for the same key", () => {
    const key = generateApiKey();

    expect(sameKey(key, `${key}`)).toBe(true);
  });

  it("is false for another key", () => {
    expect(sameKey(generateApiKey(), generateApiKey())).toBe(false);
  });

  it("compares keys of different lengths without throwing", () => {
    expect(sameKey("short", generateApiKey())).toBe(false);
  });

  it("is false for the empty string", () => {
    expect(sameKey("", generateApiKey())).toBe(false);
  });
});

describe("scopeAllows", () => {
  it.each([
    { held: "read", needed: "read" },
    { held: "write", needed: "read" },
    { held: "write", needed: "write" },
    { held: "admin", needed: "read" },
    { held: "admin", needed: "write" },
    { held: "admin", needed: "admin" },
  ] as const)("lets a $held key do what needs $needed", ({ held, needed }) => {
    expect(scopeAllows(held, needed)).toBe(true);
  });

  it.each([
    { held: "read", needed: "write" },
    { held: "read", needed: "admin" },
    { held: "write", needed: "admin" },
  ] as const)("does not let a $held key do what needs $needed", ({ held, needed }) => {
    expect(scopeAllows(held, needed)).toBe(false);
  });
});

describe("secretSetting (the bootstrap admin key, the cursor key)", () => {
  it.each([
    ["a weak 26-character key", "tracker-admin-key-2025-xyz"],
    ["any 24 characters", "abcdefghijklmnopqrstuvwx"],
    ["a repetitive key of the generated shape", `ait_${"b".repeat(43)}`],
    ["a key with a space", `${generateSecret()} x`],
    ["a key with a control character", `${generateSecret()}\u0000`],
  ])("refuses %s", (_case, key) => {
    expect(secretSetting.safeParse(key).success).toBe(false);
  });

  it.each([
    ["a generated API key", generateApiKey()],
    ["a generated secret", generateSecret()],
    ["256 random bits in hex", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
  ])("accepts %s", (_case, key) => {
    expect(secretSetting.safeParse(key).success).toBe(true);
  });
});
