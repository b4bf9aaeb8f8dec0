import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { routes } from "../../shared/http/routes.ts";
import { unique, useApiStack } from "../support/api-stack.ts";
import { commitmentInput, largeCommitmentInput } from "../support/fixtures.ts";

const { api, createId } = useApiStack();

interface BatchResult {
  index: number;
  status: number;
  result: string;
  id?: string;
  error?: { existingId?: string };
}

const batch = (items: unknown[]) => api("POST", "/commitments/batch", { body: { items } });

describe("POST /commitments/batch", () => {
  it("answers 200 with one result per item, a bad item failing alone", async () => {
    const items = [commitmentInput(), { ...commitmentInput(), title: "" }, commitmentInput()];

    const response = await batch(items);
    const results: BatchResult[] = response.json.results;

    expect(response.status, "status").toBe(200);
    expect(
      results.map((result) => result.status),
      "item statuses",
    ).toEqual([201, 422, 201]);
    expect(
      results.map((result) => result.result),
      "item results",
    ).toEqual(["created", "error", "created"]);
  });

  it("refuses an item larger than a record may be on its own, in a dry run as when writing", async () => {
    // 20 sources of Korean text at their field limits: ~130 KB, stored ~30 times over by its list entries.
    const items = [
      commitmentInput(),
      largeCommitmentInput({ bytes: 200_000, parties: 10 }),
      commitmentInput(),
    ];

    const dry = await api("POST", "/commitments/batch?dryRun=true", { body: { items } });
    const response = await batch(items);

    for (const answer of [dry, response]) {
      expect(answer.status).toBe(200);
      expect(answer.json.results[1].status).toBe(422);
      expect(answer.json.results[1].error.errors[0].message).toMatch(/^the commitment is 1\d\d KB as JSON/);
    }
    expect(response.json.results.map((result: BatchResult) => result.status)).toEqual([201, 422, 201]);
  });

  it("answers in the documented shape, a failed item's error being the Problem", async () => {
    const items = [commitmentInput(), { ...commitmentInput(), title: "" }];

    const response = await batch(items);
    const documented = routes.batchCommitments.responses[200].schema.safeParse(response.json);

    expect(documented.error?.issues).toBeUndefined();
  });

  it("stores the good items of a batch with a bad one", async () => {
    const items = [commitmentInput(), { ...commitmentInput(), amount: 5 }, commitmentInput()];

    const response = await batch(items);
    const ids = response.json.results.flatMap((result: BatchResult) => (result.id ? [result.id] : []));
    const statuses = await Promise.all(
      ids.map(async (id: string) => (await api("GET", `/commitments/${id}`)).status),
    );

    expect(statuses).toEqual([200, 200]);
  });

  it("reports an item that duplicates a stored commitment with 409 and stores the others", async () => {
    const stored = commitmentInput();
    const existingId = await createId(stored);
    const items = [
      commitmentInput(),
      { ...stored, title: "The same deal, reported again" },
      commitmentInput(),
    ];

    const response = await batch(items);
    const results: BatchResult[] = response.json.results;

    expect(
      results.map((result) => result.status),
      "item statuses",
    ).toEqual([201, 409, 201]);
    expect(
      results.flatMap((result) => (result.id ? [result.index] : [])),
      "items with an id",
    ).toEqual([0, 2]);
    expect(results[1]?.error?.existingId, "the duplicate's existingId").toBe(existingId);
  });

  it("reports an item with more writes than one transaction holds on its own and stores the others", async () => {
    const parties = Array.from({ length: 50 }, (_, index) => ({
      name: unique(`Consortium member ${index}`),
      role: "funder",
    }));
    const items = [commitmentInput(), commitmentInput({ parties }), commitmentInput()];

    const response = await batch(items);

    expect(response.status, "status").toBe(200);
    expect(
      response.json.results?.map((result: BatchResult) => result.status),
      "item statuses",
    ).toEqual([201, 422, 201]);
  });

  it("answers 422 for more than 100 items", async () => {
    const items = Array.from({ length: 101 }, () => commitmentInput());

    const response = await batch(items);

    expect(response.status).toBe(422);
  });

  it("answers an item sent again under its own key with the record it created, whatever batch it comes in", async () => {
    const [a, b] = [commitmentInput(), commitmentInput()];
    const keys = [`row-a-${randomUUID()}`, `row-b-${randomUUID()}`];

    const first = await api("POST", "/commitments/batch", { body: { items: [a], keys: keys.slice(0, 1) } });
    const again = await api("POST", "/commitments/batch", {
      body: { items: [b, a], keys: [keys[1], keys[0]] },
    });

    expect(again.json.results.map((result: BatchResult) => result.status)).toEqual([201, 201]);
    expect(again.json.results[1].id).toBe(first.json.results[0].id);
  });

  it("answers 422 when the keys do not match the items one for one", async () => {
    const response = await api("POST", "/commitments/batch", {
      body: { items: [commitmentInput(), commitmentInput()], keys: [`only-one-${randomUUID()}`] },
    });

    expect(response.status).toBe(422);
  });

  it("answers 422 naming the keys, and writes nothing, when two items share a key", async () => {
    const key = `twice-${randomUUID()}`;
    const [a, b] = [commitmentInput(), commitmentInput()];
    for (const dryRun of ["true", "false"]) {
      const response = await api("POST", `/commitments/batch?dryRun=${dryRun}`, {
        body: { items: [a, b], keys: [key, key] },
      });
      expect([response.status, response.json.errors]).toEqual([
        422,
        [{ path: "keys", message: "keys must not repeat: each item is remembered under its own" }],
      ]);
    }
    const alone = await api("POST", "/commitments/batch", { body: { items: [a], keys: [key] } });
    expect(alone.json.results[0].status, "nothing was written under the key").toBe(201);
  });

  it("checks every item and writes nothing with ?dryRun=true", async () => {
    const item = commitmentInput();

    const dry = await api("POST", "/commitments/batch?dryRun=true", {
      body: { items: [item, { title: "" }] },
    });
    const real = await batch([item]);

    expect(dry.json.results.map((result: BatchResult) => result.result)).toEqual(["valid", "error"]);
    expect(real.json.results[0].status, "not written by the dry run, so created now").toBe(201);
  });
});
