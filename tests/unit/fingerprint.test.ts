import { describe, expect, test } from "vitest";
import { fingerprint } from "../../shared/commitments/fingerprint.ts";
import type { Party } from "../../shared/commitments/schema.ts";

const party = (slug: string, role: Party["role"]): Party => ({ name: slug, slug, role });
const amount = { currency: "USD", low: "500000000000", high: "500000000000", qualifier: "at-least" as const };

describe("fingerprint", () => {
  test("is the sorted funder, lead and government slugs, currency, high and month", () => {
    const record = {
      parties: [party("softbank-group", "funder"), party("openai", "lead")],
      amount,
      announcedOn: "2025-01-21",
    };
    expect(fingerprint(record)).toBe("openai,softbank-group|USD|500000000000|2025-01");
  });

  test("ignores technology partners and party order", () => {
    const a = {
      parties: [party("oracle", "funder"), party("nvidia", "technology-partner")],
      amount,
      announcedOn: "2025-01-21",
    };
    const b = { parties: [party("oracle", "funder")], amount, announcedOn: "2025-01-05" };
    expect(fingerprint(a)).toBe(fingerprint(b));
  });

  test("differs by announcement month", () => {
    const a = { parties: [party("alphabet", "funder")], amount, announcedOn: "2025-02-04" };
    const b = { parties: [party("alphabet", "funder")], amount, announcedOn: "2025-07-23" };
    expect(fingerprint(a)).not.toBe(fingerprint(b));
  });

  test("a commitment without an amount still has one", () => {
    expect(fingerprint({ parties: [party("mgx", "funder")], announcedOn: "2025-05-22" })).toBe(
      "mgx|-|-|2025-05",
    );
  });
});
