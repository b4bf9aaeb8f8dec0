import { describe, expect, it } from "vitest";
import { useApiStack } from "../support/api-stack.ts";
import type { Response } from "../support/http.ts";

const { api, createId, patch } = useApiStack();

describe("GET /commitments/{id}/revisions", () => {
  it("lists revisions newest first in pages", async () => {
    const id = await createId();
    await patch(id, { status: "planned" }, 1);
    await patch(id, { status: "under-construction" }, 2);

    const first = await api("GET", `/commitments/${id}/revisions?limit=2`);
    const second = await api(
      "GET",
      `/commitments/${id}/revisions?limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`,
    );
    const versions = (page: Response) =>
      page.json.items.map((revision: { version: number }) => revision.version);

    expect(versions(first), "first page").toEqual([3, 2]);
    expect(versions(second), "second page").toEqual([1]);
    expect(second.json.nextCursor, "the second page's nextCursor").toBeNull();
  });
});
