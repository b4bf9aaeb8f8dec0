import { describe, expect, it } from "vitest";
import { unique, useApiStack } from "../support/api-stack.ts";
import { commitmentInput } from "../support/fixtures.ts";

const { api, anonymous, createId } = useApiStack();

describe("exchange rates", () => {
  it("converts a KRW commitment with the rate in force and shows the rate", async () => {
    await api("PUT", "/fx-rates/KRW/2025-01-22", {
      body: { unitsPerUsd: "1440", kind: "implied", source: "IT동아, 2025-01-22" },
    });

    const response = await api("POST", "/commitments", {
      body: commitmentInput({
        title: "National AI computing center",
        announcedOn: "2025-01-22",
        parties: [{ name: unique("Ministry of Science and ICT"), role: "government" }],
        amount: { currency: "KRW", value: "2500000000000", qualifier: "up-to" },
        location: { country: "KR" },
      }),
    });

    expect(response.json.amountUsd).toEqual({
      low: "1736111111",
      high: "1736111111",
      rate: {
        currency: "KRW",
        date: "2025-01-22",
        unitsPerUsd: "1440",
        kind: "implied",
        source: "IT동아, 2025-01-22",
        version: 1,
      },
      stale: false,
    });
  });

  it("re-converts an existing commitment when a rate that applies to it is recorded", async () => {
    const id = await createId({
      announcedOn: "2025-02-10",
      amount: { currency: "EUR", value: "109000000000", qualifier: "exact" },
      location: { country: "FR" },
    });

    const put = await api("PUT", "/fx-rates/EUR/2025-02-01", {
      body: { usdPerUnit: "1.04", kind: "official", source: "ECB reference rate" },
    });
    const after = await api("GET", `/commitments/${id}`);
    const revisions = await api("GET", `/commitments/${id}/revisions`);

    expect(put.json.reconverted, "reconverted").toBe(1);
    expect(after.json.version, "version").toBe(2);
    expect(after.json.amountUsd?.high, "USD high").toBe("113360000000");
    expect(revisions.json.items[0].note, "the revision's note").toBe(
      "re-converted with EUR 2025-02-01 version 1: 1.04 USD per EUR (official)",
    );
  });

  it("answers 422 when both unitsPerUsd and usdPerUnit are given", async () => {
    const response = await api("PUT", "/fx-rates/GBP/2025-01-01", {
      body: { unitsPerUsd: "0.8", usdPerUnit: "1.25", source: "test" },
    });

    expect(response.status).toBe(422);
  });

  it("answers 422 when neither unitsPerUsd nor usdPerUnit is given", async () => {
    const response = await api("PUT", "/fx-rates/GBP/2025-01-01", { body: { source: "test" } });

    expect(response.status).toBe(422);
  });

  it("lists recorded rates", async () => {
    await api("PUT", "/fx-rates/CHF/2025-03-01", {
      body: { usdPerUnit: "1.1", kind: "official", source: "SNB" },
    });

    const response = await anonymous("GET", "/fx-rates");
    const listed = response.json.items.filter((rate: { currency: string }) => rate.currency === "CHF");

    expect(listed).toEqual([
      {
        currency: "CHF",
        date: "2025-03-01",
        usdPerUnit: "1.1",
        kind: "official",
        source: "SNB",
        version: 1,
        recordedBy: "admin",
        recordedAt: expect.any(String),
      },
    ]);
  });
});
