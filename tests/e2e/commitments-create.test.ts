import { describe, expect, it } from "vitest";
import { problemSchema } from "../../shared/http/problem.ts";
import { COMMITMENT_ID, slugOf, unique, useApiStack } from "../support/api-stack.ts";
import { commitmentInput } from "../support/fixtures.ts";

const { api, createId, listIds } = useApiStack();

describe("POST /commitments", () => {
  const atLeast100B = (name: string) =>
    commitmentInput({
      parties: [{ name, role: "funder", kind: "company" }],
      amount: { currency: "USD", value: "100000000000", qualifier: "at-least" },
    });

  it("answers 201 with Location and ETag 1", async () => {
    const response = await api("POST", "/commitments", { body: atLeast100B(unique("SoftBank Group")) });

    expect(response.status, "status").toBe(201);
    expect(response.headers.get("location"), "Location").toBe(`/commitments/${response.json.id}`);
    expect(response.headers.get("etag"), "ETag").toBe('"1"');
  });

  it("answers the server-set id, version and party slug", async () => {
    const party = unique("SoftBank Group");

    const response = await api("POST", "/commitments", { body: atLeast100B(party) });

    expect(response.json.id, "id").toMatch(COMMITMENT_ID);
    expect(response.json.version, "version").toBe(1);
    expect(
      response.json.parties.map((p: { slug: string }) => p.slug),
      "party slugs",
    ).toEqual([slugOf(party)]);
  });

  it("converts a USD figure at rate 1", async () => {
    const response = await api("POST", "/commitments", { body: atLeast100B(unique("SoftBank Group")) });

    expect(response.json.amountUsd).toEqual({
      low: "100000000000",
      high: "100000000000",
      rate: { currency: "USD", date: null, unitsPerUsd: "1", kind: null, source: null, version: null },
      stale: false,
    });
  });
});

describe("duplicates", () => {
  it("answers 409 with existingId for the same fingerprint", async () => {
    const parties = [{ name: unique("Alphabet"), role: "funder" }];
    const first = await createId({ parties, announcedOn: "2025-02-04" });

    const response = await api("POST", "/commitments", {
      body: commitmentInput({ parties, announcedOn: "2025-02-20", title: "Google capex, reported" }),
    });

    expect(response.status, "status").toBe(409);
    expect(response.json.existingId, "existingId").toBe(first);
  });

  it("answers the duplicate with a problem in the documented shape", async () => {
    const parties = [{ name: unique("Alphabet"), role: "funder" }];
    await createId({ parties });

    const response = await api("POST", "/commitments", { body: commitmentInput({ parties }) });

    expect(problemSchema.safeParse(response.json).error?.issues).toBeUndefined();
  });

  it("stores the duplicate with ?allowDuplicate=true", async () => {
    const parties = [{ name: unique("Alphabet"), role: "funder" }];
    await createId({ parties });

    const response = await api("POST", "/commitments?allowDuplicate=true", {
      body: commitmentInput({ parties }),
    });

    expect(response.status).toBe(201);
  });
});

describe("Idempotency-Key", () => {
  it("answers a repeat with the same key and body with the same 201 body and stores one record", async () => {
    const party = unique("Idempotent Funder");
    const body = commitmentInput({ parties: [{ name: party, role: "funder" }] });
    const headers = { "idempotency-key": `key-${party.replaceAll(" ", "-")}` };

    const first = await api("POST", "/commitments", { body, headers });
    const second = await api("POST", "/commitments", { body, headers });
    const stored = await listIds(`party=${encodeURIComponent(party)}`);

    expect(first.status, "first status").toBe(201);
    expect(second.status, "repeat status").toBe(201);
    expect(second.text, "repeat body").toBe(first.text);
    expect(stored, "stored records").toEqual([first.json.id]);
  });

  it("answers 422 when the key is reused with another body", async () => {
    const headers = { "idempotency-key": `key-${unique("reuse").replaceAll(" ", "-")}` };
    await api("POST", "/commitments", { body: commitmentInput(), headers });

    const response = await api("POST", "/commitments", { body: commitmentInput(), headers });

    expect(response.status).toBe(422);
  });
});
