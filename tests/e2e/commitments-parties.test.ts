import { describe, expect, it } from "vitest";
import { slugOf, unique, useApiStack } from "../support/api-stack.ts";
import type { Response } from "../support/http.ts";

const { anonymous, createId } = useApiStack();

/** Every party, walking all pages. */
async function allParties(): Promise<{ slug: string; name: string; commitments: number }[]> {
  const parties = [];
  let cursor: string | null = null;
  do {
    const response: Response = await anonymous(
      "GET",
      `/parties${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    parties.push(...response.json.items);
    cursor = response.json.nextCursor;
  } while (cursor);
  return parties;
}

describe("parties", () => {
  it("lists parties with their commitment counts", async () => {
    const name = unique("Counted Party");
    const slug = slugOf(name);
    await createId({ parties: [{ name, role: "funder" }] });
    await createId({ parties: [{ name, role: "funder" }], announcedOn: "2024-06-01" });

    const party = (await allParties()).find((item) => item.slug === slug);

    expect(party).toMatchObject({ slug, name, commitments: 2 });
  });

  it("answers one party with its commitments", async () => {
    const name = unique("Stargate LLC");
    const slug = slugOf(name);
    const id = await createId({ parties: [{ name, role: "lead", kind: "joint-venture" }] });

    const response = await anonymous("GET", `/parties/${slug}`);

    expect(response.status, "status").toBe(200);
    expect(response.json.slug, "slug").toBe(slug);
    expect(response.json.commitments, "commitment count").toBe(1);
    expect(
      response.json.items.map((item: { id: string }) => item.id),
      "its commitments",
    ).toEqual([id]);
  });

  it("answers 404 for an unknown party", async () => {
    const response = await anonymous("GET", "/parties/no-such-party-anywhere");

    expect(response.status).toBe(404);
  });
});
