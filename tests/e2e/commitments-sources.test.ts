import { describe, expect, it } from "vitest";
import { usd, useApiStack } from "../support/api-stack.ts";

const { api, createId } = useApiStack();

describe("POST /commitments/{id}/sources", () => {
  const source = (path: string) => ({ url: `https://www.reuters.com/${path}`, publisher: "Reuters" });

  it("attaches a further source", async () => {
    const id = await createId();

    const response = await api("POST", `/commitments/${id}/sources`, { body: { source: source("a") } });

    expect(response.status, "status").toBe(200);
    expect(response.json.sources, "sources").toHaveLength(2);
    expect(response.json.version, "version").toBe(2);
  });

  it("revises the figure with a source-added revision naming the source", async () => {
    const id = await createId({ amount: usd("60000000000") });
    const report = source("revised-figure");

    await api("POST", `/commitments/${id}/sources`, {
      body: { source: report, amount: { currency: "USD", value: "65000000000", qualifier: "at-least" } },
    });
    const revisions = await api("GET", `/commitments/${id}/revisions`);
    const latest = revisions.json.items[0];

    expect(latest.change, "change").toBe("source-added");
    expect(latest.source, "source").toEqual(report);
    expect(latest.fields.amount, "amount from and to").toEqual({
      from: { currency: "USD", low: "60000000000", high: "60000000000", qualifier: "exact" },
      to: { currency: "USD", low: "65000000000", high: "65000000000", qualifier: "at-least" },
    });
  });

  it("answers 409 when the same URL is attached twice", async () => {
    const id = await createId();
    await api("POST", `/commitments/${id}/sources`, { body: { source: source("twice") } });

    const response = await api("POST", `/commitments/${id}/sources`, { body: { source: source("twice") } });

    expect(response.status, "status").toBe(409);
    expect(response.headers.get("content-type"), "content type").toBe("application/problem+json");
  });
});
