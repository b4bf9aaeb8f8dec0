import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeEach, describe, expect, test } from "vitest";
import { createCommitments } from "../../shared/commitments/batch.ts";
import { getCommitment, listCommitments, listRevisions } from "../../shared/commitments/reads.ts";
import {
  addSource,
  createCommitment,
  deleteCommitment,
  patchCommitment,
} from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import {
  ConflictError,
  DuplicateError,
  PreconditionFailedError,
  ValidationError,
} from "../../shared/errors.ts";
import { putFxRate } from "../../shared/store/reconvert.ts";
import { countingDeps } from "../support/counting.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput, parsedCommitment } from "../support/fixtures.ts";

let deps: Deps;
beforeEach(async () => {
  deps = await testDeps();
});

const input = parsedCommitment;

/** Every item in the test's own table (a Scan is fine in a test; no request path runs one). */
async function allItems(): Promise<Record<string, unknown>[]> {
  const { Items } = await deps.db.send(new ScanCommand({ TableName: deps.tableName, ConsistentRead: true }));
  return Items ?? [];
}

describe("create", () => {
  test("writes the record, its revision, list entries, fingerprint, party and aggregates together", async () => {
    const { commitment } = await createCommitment(deps, input());
    const counts = new Map<string, number>();
    for (const item of await allItems())
      counts.set(item.type as string, (counts.get(item.type as string) ?? 0) + 1);
    // aggregates: all, country, status, category, currency and the party's month, and the category's all-time;
    // the ledger by day and month
    expect(Object.fromEntries(counts)).toEqual({
      commitment: 1,
      revision: 1,
      entry: 7,
      fingerprint: 1,
      party: 1,
      aggregate: 7,
      ledger: 2,
    });
    expect(commitment.version).toBe(1);
  });

  test("leaves nothing behind when the parent does not exist", async () => {
    const error = await createCommitment(deps, input({ parentId: "cmt_01JJ0000000000000000000000" })).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(await allItems()).toEqual([]);
  });

  test("refuses a second record with the same fingerprint and names the first", async () => {
    const first = await createCommitment(deps, input({ parties: [{ name: "Alphabet", role: "funder" }] }));
    const error = await createCommitment(
      deps,
      input({ title: "Google capex", parties: [{ name: "Alphabet", role: "funder" }] }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(DuplicateError);
    expect(error.extra.existingId).toBe(first.commitment.id);
  });

  test("stores a duplicate when it is allowed, without claiming the fingerprint", async () => {
    await createCommitment(deps, input({ parties: [{ name: "Alphabet", role: "funder" }] }));
    const second = await createCommitment(deps, input({ parties: [{ name: "Alphabet", role: "funder" }] }), {
      allowDuplicate: true,
    });
    expect(second.commitment.id).toMatch(/^cmt_/);
  });

  test("converts with the latest rate on or before the announcement and shows it", async () => {
    await putFxRate(
      deps,
      "KRW",
      "2025-01-01",
      { unitsPerUsd: "1470", kind: "market", source: "test rate" },
      "admin",
    );
    await putFxRate(
      deps,
      "KRW",
      "2025-01-22",
      { unitsPerUsd: "1440", kind: "market", source: "IT동아, rounded" },
      "admin",
    );
    const { commitment } = await createCommitment(
      deps,
      input({
        announcedOn: "2025-01-22",
        amount: { currency: "KRW", value: "2500000000000", qualifier: "up-to" },
      }),
    );
    expect(commitment.amountUsd).toEqual({
      low: "1736111111",
      high: "1736111111",
      rate: {
        currency: "KRW",
        date: "2025-01-22",
        unitsPerUsd: "1440",
        kind: "market",
        source: "IT동아, rounded",
        version: 1,
      },
      stale: false,
    });
  });

  test("leaves a record unconverted when no rate is known", async () => {
    const { commitment } = await createCommitment(
      deps,
      input({ amount: { currency: "EUR", value: "109000000000", qualifier: "exact" } }),
    );
    expect(commitment.amountUsd).toBeNull();
  });

  test("retries a transaction that real DynamoDB cancels for a conflict", async () => {
    const counting = countingDeps(deps);
    counting.injectConflicts(2);
    const { commitment } = await createCommitment(counting.deps, input());
    expect(counting.sent.filter((name) => name === "TransactWriteCommand")).toHaveLength(3);
    expect((await getCommitment(deps, commitment.id)).id).toBe(commitment.id);
  });
});

describe("update", () => {
  test("refuses a stale version and changes nothing", async () => {
    const { commitment } = await createCommitment(deps, input());
    await patchCommitment(deps, commitment.id, { status: "planned" }, { expectedVersion: 1 });
    const error = await patchCommitment(
      deps,
      commitment.id,
      { status: "delayed" },
      { expectedVersion: 1 },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect((await getCommitment(deps, commitment.id)).status).toBe("planned");
  });

  test("records the changed fields in a revision", async () => {
    const { commitment } = await createCommitment(deps, input());
    await patchCommitment(
      deps,
      commitment.id,
      { status: "planned", tags: ["capex"] },
      { expectedVersion: 1 },
    );
    const { items } = await listRevisions(deps, commitment.id, 10, undefined);
    expect(items[0]?.fields).toEqual({
      status: { from: "announced", to: "planned" },
      tags: { from: null, to: ["capex"] },
    });
  });

  test("moves list entries when the status changes", async () => {
    const { commitment } = await createCommitment(deps, input());
    await patchCommitment(deps, commitment.id, { status: "operational" }, { expectedVersion: 1 });
    const operational = await listCommitments(deps, {
      status: "operational",
      sort: "-announcedOn",
      limit: 25,
    });
    const announced = await listCommitments(deps, { status: "announced", sort: "-announcedOn", limit: 25 });
    expect([operational.items.length, announced.items.length]).toEqual([1, 0]);
  });

  test("lists a record as it now is after a change that moves no list entry", async () => {
    const { commitment } = await createCommitment(deps, input());
    await patchCommitment(deps, commitment.id, { description: "Phase two" }, { expectedVersion: 1 });
    const page = await listCommitments(deps, { country: "XX", sort: "-announcedOn", limit: 25 });
    expect(page.items).toEqual([await getCommitment(deps, commitment.id)]);
  });

  test("refuses a parent link that would make a cycle", async () => {
    const whole = await createCommitment(deps, input({ title: "France AI summit pledges" }));
    const part = await createCommitment(deps, input({ title: "MGX", parentId: whole.commitment.id }));
    const error = await patchCommitment(
      deps,
      whole.commitment.id,
      { parentId: part.commitment.id },
      { expectedVersion: 1 },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
  });

  test("a source with a new figure is a revision that names the source", async () => {
    const { commitment } = await createCommitment(
      deps,
      input({ amount: { currency: "USD", value: "75000000000", qualifier: "approximately" } }),
    );
    const source = { url: "https://abc.xyz/investor/2025-q2", publisher: "Alphabet" };
    await addSource(deps, commitment.id, {
      source,
      amount: { currency: "USD", low: "85000000000", high: "85000000000", qualifier: "approximately" },
    });
    const { items } = await listRevisions(deps, commitment.id, 1, undefined);
    expect([items[0]?.change, items[0]?.source?.url, items[0]?.fields.amount?.to]).toEqual([
      "source-added",
      source.url,
      { currency: "USD", low: "85000000000", high: "85000000000", qualifier: "approximately" },
    ]);
  });
});

describe("listing", () => {
  test("serves a page whose filters are all key conditions with one Query", async () => {
    await createCommitment(deps, input());
    const counting = countingDeps(deps);
    const page = await listCommitments(counting.deps, {
      country: "XX",
      from: "2025-01-01",
      sort: "-announcedOn",
      limit: 25,
    });
    expect([page.items.length, counting.sent]).toEqual([1, ["QueryCommand"]]);
  });

  test("bounds USD figures of any length, and leaves out unconverted records, in every sort", async () => {
    const usd = (value: string) => input({ amount: { currency: "USD", value, qualifier: "exact" } });
    for (const value of ["9", "10", "100"]) await createCommitment(deps, usd(value));
    await createCommitment(deps, input({ amount: { currency: "KRW", value: "5", qualifier: "exact" } }));
    const figures = async (filters: Record<string, string>, sort: "-announcedOn" | "amountUsd") => {
      const page = await listCommitments(deps, { ...filters, sort, limit: 25 });
      return page.items.map((record) => record.amountUsd?.high ?? "unconverted").sort();
    };
    expect([
      await figures({ minUsd: "10" }, "-announcedOn"),
      await figures({ maxUsd: "010" }, "-announcedOn"),
      await figures({ minUsd: "0" }, "amountUsd"),
      await figures({ minUsd: "10", maxUsd: "99" }, "amountUsd"),
    ]).toEqual([["10", "100"], ["10", "9"], ["10", "100", "9"], ["10"]]);
  });
});

describe("delete", () => {
  test("refuses to delete a commitment that has parts", async () => {
    const whole = await createCommitment(deps, input());
    await createCommitment(deps, input({ parentId: whole.commitment.id }));
    await expect(deleteCommitment(deps, whole.commitment.id)).rejects.toBeInstanceOf(ConflictError);
  });

  test("keeps the revisions and removes every list entry", async () => {
    const { commitment } = await createCommitment(deps, input());
    await deleteCommitment(deps, commitment.id);
    const types = (await allItems()).map((item) => item.type);
    expect([
      types.filter((type) => type === "revision").length,
      types.filter((type) => ["commitment", "entry", "fingerprint"].includes(type as string)).length,
    ]).toEqual([2, 0]);
  });
});

describe("re-conversion", () => {
  test("a new rate re-converts the commitments it now applies to, and only those", async () => {
    const early = await createCommitment(
      deps,
      input({
        announcedOn: "2025-01-10",
        amount: { currency: "KRW", value: "1440000000", qualifier: "exact" },
      }),
    );
    const late = await createCommitment(
      deps,
      input({
        announcedOn: "2025-03-10",
        amount: { currency: "KRW", value: "1440000000", qualifier: "exact" },
      }),
    );
    await putFxRate(
      deps,
      "KRW",
      "2025-03-01",
      { unitsPerUsd: "1500", kind: "market", source: "later rate" },
      "admin",
    );
    const result = await putFxRate(
      deps,
      "KRW",
      "2025-01-01",
      { unitsPerUsd: "1440", kind: "market", source: "early rate" },
      "admin",
    );
    expect([
      result.reconverted,
      (await getCommitment(deps, early.commitment.id)).amountUsd?.high,
      (await getCommitment(deps, late.commitment.id)).amountUsd?.high,
    ]).toEqual([1, "1000000", "960000"]);
  });
});

describe("batch", () => {
  test("writes 30 records in as few transactions as the 100-item limit allows", async () => {
    const counting = countingDeps(deps);
    const items = Array.from({ length: 30 }, (_, index) =>
      commitmentInput({
        parties: [{ name: "Shared Funder", role: "funder" }],
        // Figures doubling, so that no item is a near-duplicate of another (SPEC 2).
        amount: { currency: "USD", value: String(1_000_000 * 2 ** index), qualifier: "exact" },
      }),
    );
    const results = await createCommitments(counting.deps, items);
    expect(results.every((result) => result.result === "created")).toBe(true);
    // Each record writes record + revision + 7 list entries + fingerprint (10 items); what they share (the party, its
    // month, the country, status, category and currency aggregates, the ledger) merges into 9 updates per
    // transaction: 9 records fit in 100 items, so 30 records take 4 transactions.
    expect(counting.sent.filter((name) => name === "TransactWriteCommand")).toHaveLength(4);
  });

  test("one invalid or duplicate item does not sink the others", async () => {
    const existing = await createCommitment(deps, input({ parties: [{ name: "Meta", role: "funder" }] }));
    const results = await createCommitments(deps, [
      commitmentInput(),
      { title: "" },
      commitmentInput({ parties: [{ name: "Meta", role: "funder" }] }),
      commitmentInput(),
    ]);
    expect(results.map((result) => (result.result === "created" ? 201 : result.error.status))).toEqual([
      201, 422, 409, 201,
    ]);
    const duplicate = results[2];
    expect(duplicate?.result === "error" && duplicate.error.extra.existingId).toBe(existing.commitment.id);
  });

  test("a batch cut off half-way completes on a rerun with the same Idempotency-Key, without duplicates", async () => {
    const items = Array.from({ length: 30 }, (_, index) =>
      commitmentInput({ amount: { currency: "USD", value: String(5_000_000 + index), qualifier: "exact" } }),
    );
    const counting = countingDeps(deps);
    counting.dropTransaction(2);
    const idempotency = { principal: "admin", scope: "batch", key: "ingest-2025-02" };
    await expect(createCommitments(counting.deps, items, { idempotency })).rejects.toThrow("socket hang up");
    const first = await createCommitments(deps, items, { idempotency });
    const again = await createCommitments(deps, items, { idempotency });
    const stored = (await allItems()).filter((item) => item.type === "commitment").length;
    const ids = (outcomes: typeof first) =>
      outcomes.map((outcome) => (outcome.result === "created" ? outcome.id : null));
    expect(first.every((result) => result.result === "created")).toBe(true);
    expect(ids(again)).toEqual(ids(first));
    expect(stored).toBe(30);
  });
});
