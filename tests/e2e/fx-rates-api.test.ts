import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitmentInput } from "../support/fixtures.ts";
import { client } from "../support/http.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

let stack: TestStack;
let api: ReturnType<typeof client>;
let anonymous: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startTestStack();
  api = client(stack.url, stack.adminKey);
  anonymous = client(stack.url);
});
afterAll(async () => {
  await stack?.close();
});

/** Records a commitment of `value` in `currency`, announced on `announcedOn`. */
function createIn(currency: string, value: string, announcedOn: string, country: string) {
  return api("POST", "/commitments", {
    body: commitmentInput({
      announcedOn,
      amount: { currency, value, qualifier: "exact" },
      location: { country },
    }),
  });
}

describe("PUT /fx-rates/{currency}/{date}", () => {
  it("keeps the replaced rate: a second PUT makes version 2 and GET shows both, newest first", async () => {
    await api("PUT", "/fx-rates/KRW/2025-01-22", {
      body: { unitsPerUsd: "1440", kind: "implied", source: "IT동아, rounded" },
    });
    await api("PUT", "/fx-rates/KRW/2025-01-22", {
      body: { unitsPerUsd: "1450", kind: "market", source: "Seoul close" },
    });

    const response = await anonymous("GET", "/fx-rates/KRW/2025-01-22");

    const version = (version: number, unitsPerUsd: string, kind: string, source: string) => ({
      currency: "KRW",
      date: "2025-01-22",
      unitsPerUsd,
      kind,
      source,
      version,
      recordedBy: "admin",
      recordedAt: expect.any(String),
    });
    expect({ status: response.status, body: response.json }).toEqual({
      status: 200,
      body: {
        ...version(2, "1450", "market", "Seoul close"),
        history: [
          version(2, "1450", "market", "Seoul close"),
          version(1, "1440", "implied", "IT동아, rounded"),
        ],
      },
    });
  });

  it("answers the version in force, unchanged, when the same rate is PUT again", async () => {
    const body = { usdPerUnit: "1.0412", kind: "official", source: "ECB reference rate" };
    await api("PUT", "/fx-rates/EUR/2025-02-10", { body });

    const again = await api("PUT", "/fx-rates/EUR/2025-02-10", { body });
    const rate = await anonymous("GET", "/fx-rates/EUR/2025-02-10");

    expect([again.status, again.json.changed, again.json.version, rate.json.history.length]).toEqual([
      200,
      false,
      1,
      1,
    ]);
  });

  it("makes one version of two identical PUTs sent at once", async () => {
    const body = { usdPerUnit: "1.27", kind: "market", source: "London close" };

    await Promise.all([
      api("PUT", "/fx-rates/GBP/2025-03-03", { body }),
      api("PUT", "/fx-rates/GBP/2025-03-03", { body }),
    ]);
    const rate = await anonymous("GET", "/fx-rates/GBP/2025-03-03");

    expect(rate.json.history.map((version: { version: number }) => version.version)).toEqual([1]);
  });

  it("records which API key set a version", async () => {
    const key = await api("POST", "/api-keys", { body: { name: "rates desk", scope: "admin" } });

    const put = await api("PUT", "/fx-rates/JPY/2025-01-06", {
      key: key.json.key,
      body: { unitsPerUsd: "157.2", kind: "official", source: "BOJ" },
    });

    expect(put.json.recordedBy).toBe(key.json.id);
  });

  it("answers 422 naming kind when the rate has none", async () => {
    const response = await api("PUT", "/fx-rates/SEK/2025-01-01", {
      body: { usdPerUnit: "0.09", source: "Riksbank" },
    });

    expect([response.status, response.json.errors]).toEqual([
      422,
      [{ path: "kind", message: expect.any(String) }],
    ]);
  });

  it("answers 422 to a kind outside official, market and implied, and stores nothing", async () => {
    const response = await api("PUT", "/fx-rates/SEK/2025-01-02", {
      body: { usdPerUnit: "0.09", kind: "guess", source: "Riksbank" },
    });
    const rate = await anonymous("GET", "/fx-rates/SEK/2025-01-02");

    expect([response.status, rate.status]).toEqual([422, 404]);
  });
});

describe("GET /fx-rates/{currency}/{date}", () => {
  it("answers 404 for a date with no rate recorded", async () => {
    const response = await anonymous("GET", "/fx-rates/NOK/2025-01-01");

    expect(response.status).toBe(404);
  });

  it("answers 422 for a currency that is not ISO 4217", async () => {
    const response = await anonymous("GET", "/fx-rates/ABC/2025-01-01");

    expect(response.status).toBe(422);
  });
});

describe("converted records", () => {
  it("shows stale: true on a 2026 record converted with a 2025 rate", async () => {
    await api("PUT", "/fx-rates/INR/2025-01-02", {
      body: { unitsPerUsd: "85.7", kind: "official", source: "RBI" },
    });

    const response = await createIn("INR", "857000000000", "2026-02-10", "IN");

    expect(response.json.amountUsd).toEqual({
      low: "10000000000",
      high: "10000000000",
      rate: {
        currency: "INR",
        date: "2025-01-02",
        unitsPerUsd: "85.7",
        kind: "official",
        source: "RBI",
        version: 1,
      },
      stale: true,
    });
  });

  it("re-converts with a new version and names it in the revision", async () => {
    await api("PUT", "/fx-rates/CAD/2025-01-02", {
      body: { usdPerUnit: "0.7", kind: "market", source: "a" },
    });
    const created = await createIn("CAD", "1000000000", "2025-01-20", "CA");

    await api("PUT", "/fx-rates/CAD/2025-01-02", {
      body: { usdPerUnit: "0.69", kind: "official", source: "BoC" },
    });
    const revisions = await api("GET", `/commitments/${created.json.id}/revisions`);

    expect([revisions.json.items[0].note, revisions.json.items[0].fields.amountUsd.to.high]).toEqual([
      "re-converted with CAD 2025-01-02 version 2: 0.69 USD per CAD (official)",
      "690000000",
    ]);
  });
});
