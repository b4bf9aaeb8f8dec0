import { describe, expect, it } from "vitest";
import { unique, useApiStack } from "../support/api-stack.ts";

const { api, anonymous, createId, listIds } = useApiStack();

describe("DELETE /commitments/{id}", () => {
  it("answers 204 for the admin key", async () => {
    const id = await createId();

    const response = await api("DELETE", `/commitments/${id}`);

    expect(response.status, "status").toBe(204);
    expect(response.text, "body").toBe("");
  });

  it("keeps the revisions readable, the newest being `deleted`", async () => {
    const id = await createId();
    await api("DELETE", `/commitments/${id}`);

    const response = await anonymous("GET", `/commitments/${id}/revisions`);

    expect(response.json.items.map((revision: { change: string }) => revision.change)).toEqual([
      "deleted",
      "created",
    ]);
  });

  it("removes it from listings", async () => {
    const party = unique("Deleted Party");
    const id = await createId({ parties: [{ name: party, role: "funder" }] });
    await api("DELETE", `/commitments/${id}`);

    const ids = await listIds(`party=${encodeURIComponent(party)}`);

    expect(ids).toEqual([]);
  });
});
