import { describe, expect, test } from "vitest";
import { applyMergePatch, canonicalJson, diffRecords } from "../../shared/domain/revisions.ts";

describe("diffRecords", () => {
  test("lists only the fields that differ, with from and to", () => {
    expect(diffRecords({ title: "a", status: "announced" }, { title: "a", status: "planned" })).toEqual({
      status: { from: "announced", to: "planned" },
    });
  });

  test("treats key order inside values as no change", () => {
    const before = { amount: { currency: "USD", low: "1", high: "1", qualifier: "exact" as const } };
    const after = { amount: { qualifier: "exact" as const, high: "1", low: "1", currency: "USD" } };
    expect(diffRecords(before, after)).toEqual({});
  });

  test("ignores bookkeeping fields", () => {
    expect(diffRecords({ version: 1, updatedAt: "x" }, { version: 2, updatedAt: "y" })).toEqual({});
  });

  test("a creation lists every field from null", () => {
    expect(diffRecords(null, { title: "Stargate" })).toEqual({ title: { from: null, to: "Stargate" } });
  });

  test("a removed optional field goes to null", () => {
    expect(diffRecords({ description: "d" }, {})).toEqual({ description: { from: "d", to: null } });
  });
});

describe("applyMergePatch (RFC 7386)", () => {
  test("merges nested objects", () => {
    expect(applyMergePatch({ location: { country: "KR", site: "x" } }, { location: { site: "y" } })).toEqual({
      location: { country: "KR", site: "y" },
    });
  });

  test("null removes a member", () => {
    expect(applyMergePatch({ description: "d", title: "t" }, { description: null })).toEqual({ title: "t" });
  });

  test("arrays are replaced, not merged", () => {
    expect(applyMergePatch({ tags: ["a", "b"] }, { tags: ["c"] })).toEqual({ tags: ["c"] });
  });

  test("leaves the target untouched", () => {
    const target = { location: { country: "KR" } };
    applyMergePatch(target, { location: { country: "US" } });
    expect(target.location.country).toBe("KR");
  });
});

test("canonicalJson sorts keys at every depth", () => {
  expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":1}');
});
