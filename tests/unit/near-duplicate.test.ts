import { describe, expect, it } from "vitest";
import type { Party } from "../../shared/commitments/schema.ts";
import { withinPercent } from "../../shared/domain/decimal.ts";
import { type Figure, nearDuplicate } from "../../shared/parties/near-duplicates.ts";

const funder = (slug: string): Party => ({ name: slug, slug, role: "funder" });

/** The seeded Stargate: four funders, three technology partners, at least US$500B, 2025-01-21, US. */
const stargate: Figure = {
  id: "cmt_stargate",
  title: "Stargate",
  announcedOn: "2025-01-21",
  amount: { currency: "USD", low: "500000000000", high: "500000000000", qualifier: "at-least" },
  parties: [
    funder("openai"),
    funder("oracle"),
    funder("softbank-group"),
    funder("mgx"),
    { name: "NVIDIA", slug: "nvidia", role: "technology-partner" },
  ],
  location: { country: "US" },
};

const entry = (overrides: Partial<Figure>): Figure => ({ ...stargate, id: "cmt_new", ...overrides });
const usd = (high: string) => ({ currency: "USD", low: high, high, qualifier: "exact" as const });

describe("nearDuplicate", () => {
  it("finds Stargate re-entered with three of its funders, and says why", () => {
    const candidate = nearDuplicate(
      entry({ parties: [funder("openai"), funder("oracle"), funder("softbank-group")] }),
      stargate,
    );
    expect(candidate).toMatchObject({
      id: "cmt_stargate",
      sharedParties: ["openai", "oracle", "softbank-group"],
      sameCountry: true,
    });
  });

  it("finds a deal of another country that shares a funder", () => {
    const candidate = nearDuplicate(
      entry({ parties: [funder("softbank-group")], location: { country: "JP" } }),
      stargate,
    );
    expect(candidate).toMatchObject({ sharedParties: ["softbank-group"], sameCountry: false });
  });

  it("finds a deal of the same country with no party in common", () => {
    expect(nearDuplicate(entry({ parties: [funder("someone-else")] }), stargate)?.sameCountry).toBe(true);
  });

  it("ignores a deal of another country that shares only a technology partner", () => {
    const other = entry({
      parties: [funder("someone-else"), { name: "NVIDIA", slug: "nvidia", role: "technology-partner" }],
      location: { country: "JP" },
    });
    expect(nearDuplicate(other, stargate)).toBeUndefined();
  });

  it("does not take two multi-country deals for the same country", () => {
    const other = entry({ parties: [funder("someone-else")], location: { country: "XX" } });
    expect(nearDuplicate(other, { ...stargate, location: { country: "XX" } })).toBeUndefined();
  });

  it("ignores another currency", () => {
    expect(
      nearDuplicate(entry({ amount: { ...usd("500000000000"), currency: "EUR" } }), stargate),
    ).toBeUndefined();
  });

  it("ignores a record without an amount", () => {
    expect(nearDuplicate(entry({ amount: undefined }), stargate)).toBeUndefined();
  });

  it("counts months one apart across a year's end, not two", () => {
    const december = { ...stargate, announcedOn: "2024-12-31" };
    expect([
      nearDuplicate(entry({ announcedOn: "2025-01-01" }), december) !== undefined,
      nearDuplicate(entry({ announcedOn: "2025-02-01" }), december) !== undefined,
    ]).toEqual([true, false]);
  });

  it.each([
    ["525000000000", true],
    ["525000000001", false],
    ["475000000000", true],
    ["474999999999.99", false],
  ])("takes a high of %s as within 5 %% of 500000000000: %s", (high, near) => {
    expect(nearDuplicate(entry({ amount: usd(high) }), stargate) !== undefined).toBe(near);
  });
});

describe("withinPercent", () => {
  it("compares fractions exactly", () => {
    expect([withinPercent("1.05", "1", 5), withinPercent("1.0500001", "1", 5)]).toEqual([true, false]);
  });
});
