import { describe, expect, it } from "vitest";
import { unique, useApiStack } from "../support/api-stack.ts";
import { commitmentInput } from "../support/fixtures.ts";

const { api, anonymous, createId } = useApiStack();

async function newKey(scope: "read" | "write" | "admin"): Promise<{ id: string; key: string }> {
  const response = await api("POST", "/api-keys", { body: { name: unique(`${scope} key`), scope } });
  return response.json;
}

describe("API keys", () => {
  it("returns the key once, at creation", async () => {
    const response = await api("POST", "/api-keys", { body: { name: "ingest bot", scope: "write" } });

    expect(response.status, "status").toBe(201);
    expect(response.json.key, "key").toMatch(/^ait_[A-Za-z0-9_-]{43}$/);
  });

  it("lists keys without the keys themselves", async () => {
    const { id } = await newKey("read");

    const response = await api("GET", "/api-keys");
    const listed = response.json.items.find((item: { id: string }) => item.id === id);

    expect(listed).toEqual({ id, name: expect.any(String), scope: "read", createdAt: expect.any(String) });
  });

  it("answers 403 to a read key on POST /commitments", async () => {
    const { key } = await newKey("read");

    const response = await api("POST", "/commitments", { body: commitmentInput(), key });

    expect(response.status).toBe(403);
  });

  it("lets a write key create", async () => {
    const { key } = await newKey("write");

    const response = await api("POST", "/commitments", { body: commitmentInput(), key });

    expect(response.status).toBe(201);
  });

  it("answers 403 to a write key on DELETE", async () => {
    const { key } = await newKey("write");
    const id = await createId();

    const response = await api("DELETE", `/commitments/${id}`, { key });

    expect(response.status).toBe(403);
  });

  it("answers 401 to a revoked key", async () => {
    const { id, key } = await newKey("write");
    await api("DELETE", `/api-keys/${id}`);

    const response = await api("POST", "/commitments", { body: commitmentInput(), key });

    expect(response.status).toBe(401);
  });

  it("answers 401 to a key it never issued", async () => {
    const response = await api("POST", "/commitments", {
      body: commitmentInput(),
      key: "ait_not-a-real-key",
    });

    expect(response.status).toBe(401);
  });

  it("answers 401 on a write route without a key", async () => {
    const response = await anonymous("POST", "/commitments", { body: commitmentInput() });

    expect(response.status).toBe(401);
  });

  it("serves reads without a key by default", async () => {
    const response = await anonymous("GET", "/commitments");

    expect(response.status).toBe(200);
  });

  describe("with READ_ACCESS=key", () => {
    const closed = useApiStack({ readAccess: "key" });

    it("answers 401 to a read without a key", async () => {
      const response = await closed.anonymous("GET", "/commitments");

      expect(response.status).toBe(401);
    });
  });
});
