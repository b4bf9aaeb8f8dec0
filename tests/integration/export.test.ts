/** Exports past one response (SPEC 10): parts that end at a row boundary, each resumed by its cursor, none lost. */
import { beforeAll, describe, expect, it } from "vitest";
import { checkCommitments, createCommitments } from "../../shared/commitments/batch.ts";
import { listQuery } from "../../shared/commitments/listing.ts";
import type { Deps } from "../../shared/deps.ts";
import { exportCommitments } from "../../shared/http/export.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput } from "../support/fixtures.ts";

const COUNT = 45;
let deps: Deps;
let first: Record<string, unknown>;

beforeAll(async () => {
  deps = await testDeps();
  const items = Array.from({ length: COUNT }, (_, index) =>
    commitmentInput({
      title: `국가 AI 컴퓨팅 센터 ${index}`,
      announcedOn: `2025-01-${String((index % 28) + 1).padStart(2, "0")}`,
      amount: { currency: "USD", value: String(1_000_000 * (index + 1)), qualifier: "exact" },
    }),
  );
  first = items[0] as Record<string, unknown>;
  const results = await createCommitments(deps, items);
  expect(results.every((result) => result.result === "created")).toBe(true);
});

/** Every part of an export under a byte budget, each started from the cursor the one before named. */
async function parts(format: "csv" | "jsonl", maxBytes: number) {
  const found = [];
  let cursor: string | undefined;
  do {
    const part = await exportCommitments(deps, listQuery.parse({ cursor }), format, {
      maxBytes,
      maxMs: 60_000,
    });
    found.push(part);
    cursor = part.nextCursor ?? undefined;
  } while (cursor && found.length < 100);
  return found;
}

describe("exportCommitments", () => {
  it("exports every row in one part when they fit", async () => {
    const [only, ...rest] = await parts("jsonl", 5 * 1024 * 1024);

    expect(rest).toEqual([]);
    expect(only?.rows).toBe(COUNT);
    expect(only?.nextCursor).toBeNull();
  });

  it("splits a large export into parts under the budget, each row exactly once, in order", async () => {
    const whole = (await parts("csv", 5 * 1024 * 1024))[0]?.body ?? "";
    const split = await parts("csv", 4 * 1024);
    const rows = split.flatMap((part) => part.body.split("\r\n").slice(1, -1));

    expect(split.length).toBeGreaterThan(3);
    expect(split.every((part) => Buffer.byteLength(JSON.stringify(part.body)) <= 4 * 1024)).toBe(true);
    expect(rows).toEqual(whole.split("\r\n").slice(1, -1));
  });

  it("starts every part with the BOM and the header", async () => {
    const split = await parts("csv", 8 * 1024);

    expect(new Set(split.map((part) => part.body.split("\r\n")[0])).size).toBe(1);
    expect(split.every((part) => part.body.startsWith("\uFEFFid,title,"))).toBe(true);
  });
});

describe("checkCommitments (a dry run)", () => {
  it("answers valid for a new item and the existing id for a duplicate, and writes nothing", async () => {
    const fresh = commitmentInput({ title: "dry run" });
    const duplicate = { ...first, title: "국가 AI 컴퓨팅 센터 0, reported again" };
    const before = (await exportCommitments(deps, listQuery.parse({}), "jsonl")).rows;

    const results = await checkCommitments(deps, [fresh, duplicate]);
    const after = (await exportCommitments(deps, listQuery.parse({}), "jsonl")).rows;

    expect(results.map((result) => result.result)).toEqual(["valid", "error"]);
    expect(results[1]?.result === "error" && results[1].error.extra).toMatchObject({
      existingId: expect.any(String),
    });
    expect(after).toBe(before);
  });
});
