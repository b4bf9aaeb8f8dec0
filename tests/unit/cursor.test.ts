import { describe, expect, it } from "vitest";
import { BadRequestError } from "../../shared/errors.ts";
import { decodeCursor, encodeCursor } from "../../shared/table/cursor.ts";

const SECRET = "a-test-secret-of-reasonable-length";
const CONTEXT = "commitments:by-date:-announcedOn";
const startKey = {
  pk: "COMMITMENT#cmt_01JHQ4V6Z9X8Y7W6V5T4S3R2Q1",
  sk: "META",
  gsi1pk: "DATE",
  gsi1sk: "2025-01-21",
};

function cursor(): string {
  const value = encodeCursor(startKey, SECRET, CONTEXT);
  if (value === null) throw new Error("expected a cursor");
  return value;
}

describe("cursors", () => {
  it("round-trip the start key", () => {
    expect(decodeCursor(cursor(), SECRET, CONTEXT)).toEqual(startKey);
  });

  it("are null when there is no next page", () => {
    expect(encodeCursor(undefined, SECRET, CONTEXT)).toBeNull();
  });

  it("decode to no start key when none is given", () => {
    expect(decodeCursor(undefined, SECRET, CONTEXT)).toBeUndefined();
  });

  it("are opaque: the key names do not show", () => {
    expect(cursor()).not.toContain("COMMITMENT");
  });

  it("are opaque: decoded from base64, they show neither the keys nor JSON", () => {
    const bytes = Buffer.from(cursor(), "base64url").toString("latin1");

    expect([bytes.includes("COMMITMENT"), bytes.includes("2025-01-21"), bytes.includes('"pk"')]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("differ for the same start key, so that equal keys cannot be told apart", () => {
    expect(cursor()).not.toBe(cursor());
  });

  it("refuse a tampered cursor", () => {
    const bytes = Buffer.from(cursor(), "base64url");
    bytes[20] = (bytes[20] as number) ^ 1;

    expect(() => decodeCursor(bytes.toString("base64url"), SECRET, CONTEXT)).toThrow(BadRequestError);
  });

  it("refuse a readable cursor of the old kind, payload and signature", () => {
    const payload = Buffer.from(JSON.stringify(startKey)).toString("base64url");

    expect(() => decodeCursor(`${payload}.${"A".repeat(43)}`, SECRET, CONTEXT)).toThrow(BadRequestError);
  });

  it("refuse a truncated cursor", () => {
    expect(() => decodeCursor(cursor().slice(0, -3), SECRET, CONTEXT)).toThrow(BadRequestError);
  });

  it("refuse a cursor cut to its first half", () => {
    const whole = cursor();

    expect(() => decodeCursor(whole.slice(0, whole.length / 2), SECRET, CONTEXT)).toThrow(BadRequestError);
  });

  it("refuse a cursor issued for another query", () => {
    expect(() => decodeCursor(cursor(), SECRET, "commitments:by-party:softbank-group")).toThrow(
      BadRequestError,
    );
  });

  it("refuse a cursor made with another key", () => {
    const foreign = encodeCursor(startKey, "another-secret-of-reasonable-length", CONTEXT) ?? "";

    expect(() => decodeCursor(foreign, SECRET, CONTEXT)).toThrow(BadRequestError);
  });

  it.each(["garbage", "", ".", "a.b.c", "%%%.###", "eyJ9.e30"])("refuse the garbage %j", (garbage) => {
    expect(() => decodeCursor(garbage, SECRET, CONTEXT)).toThrow(BadRequestError);
  });

  it("refuse a sealed payload that is not an object", () => {
    // Only this server can seal one; still, a non-object must not reach DynamoDB as a start key.
    const array = encodeCursor([1, 2] as unknown as Record<string, unknown>, SECRET, CONTEXT) ?? "";

    expect(() => decodeCursor(array, SECRET, CONTEXT)).toThrow(BadRequestError);
  });
});
