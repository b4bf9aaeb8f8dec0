import { describe, expect, it } from "vitest";
import { useApiStack } from "../support/api-stack.ts";

const { api, anonymous, create, createId } = useApiStack();

describe("GET /commitments/{id}", () => {
  it("answers the record with its version as ETag", async () => {
    const created = await create();

    const response = await anonymous("GET", `/commitments/${created.json.id}`);

    expect(response.status, "status").toBe(200);
    expect(response.headers.get("etag"), "ETag").toBe('"1"');
    expect(response.json, "body").toEqual(created.json);
  });

  it("answers 404 for an unknown id", async () => {
    const response = await api("GET", "/commitments/cmt_01JJ0000000000000000000000");

    expect(response.status, "status").toBe(404);
    expect(response.headers.get("content-type"), "content type").toBe("application/problem+json");
  });

  it("answers 404 for a deleted commitment", async () => {
    const id = await createId();
    await api("DELETE", `/commitments/${id}`);

    const response = await api("GET", `/commitments/${id}`);

    expect(response.status).toBe(404);
  });
});
