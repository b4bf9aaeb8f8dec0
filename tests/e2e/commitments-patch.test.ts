import { describe, expect, it } from "vitest";
import { useApiStack } from "../support/api-stack.ts";
import { largeCommitmentInput } from "../support/fixtures.ts";

const { api, create, createId, patch } = useApiStack();

describe("PATCH /commitments/{id}", () => {
  it("applies an application/merge-patch+json patch and bumps the version", async () => {
    const id = await createId();

    const response = await patch(id, { status: "planned" }, 1);

    expect(response.status, "status").toBe(200);
    expect(response.headers.get("etag"), "ETag").toBe('"2"');
    expect(response.json.version, "version").toBe(2);
    expect(response.json.status, "the patched field").toBe("planned");
  });

  it("accepts a patch sent as application/json", async () => {
    const id = await createId();

    const response = await api("PATCH", `/commitments/${id}`, {
      body: { confidence: "reported" },
      headers: { "if-match": '"1"' },
    });

    expect(response.status, "status").toBe(200);
    expect(response.json.confidence, "the patched field").toBe("reported");
  });

  it("answers 428 without If-Match", async () => {
    const id = await createId();

    const response = await api("PATCH", `/commitments/${id}`, { body: { status: "planned" } });

    expect(response.status).toBe(428);
  });

  it("answers 412 when If-Match names a stale version", async () => {
    const id = await createId();
    await patch(id, { status: "planned" }, 1);

    const response = await patch(id, { status: "delayed" }, 1);

    expect(response.status).toBe(412);
  });

  it("removes an optional field patched to null", async () => {
    const id = await createId({ description: "first announcement", tags: ["capex"] });

    const response = await patch(id, { description: null }, 1);

    expect(response.status, "status").toBe(200);
    expect(response.json, "the removed field").not.toHaveProperty("description");
    expect(response.json.tags, "an untouched field").toEqual(["capex"]);
  });

  it("answers 422 for an unknown field", async () => {
    const id = await createId();

    const response = await patch(id, { colour: "blue" }, 1);

    expect(response.status).toBe(422);
  });

  it("validates the patched result and changes nothing when it is invalid", async () => {
    const created = await create({
      amount: { currency: "USD", low: "60000000000", high: "65000000000", qualifier: "range" },
    });

    const response = await patch(created.json.id, { amount: { low: "70000000000" } }, 1);
    const after = await api("GET", `/commitments/${created.json.id}`);

    expect(response.status, "status").toBe(422);
    expect(after.json, "the stored record").toEqual(created.json);
  });

  it("answers 422 naming the size, and changes nothing, when a patch makes the record larger than one may be", async () => {
    const created = await create();
    const { description, sources } = largeCommitmentInput({ bytes: 200_000 });

    const response = await patch(created.json.id, { description, sources }, 1);
    const after = await api("GET", `/commitments/${created.json.id}`);

    expect([response.status, response.json.errors?.[0]?.message]).toEqual([
      422,
      expect.stringMatching(/^the commitment is \d+ KB as JSON, more than the 32 KB/),
    ]);
    expect(after.json, "the stored record").toEqual(created.json);
  });
});
