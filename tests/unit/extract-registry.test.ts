import { describe, expect, it } from "vitest";
import { DEFAULT_PARTIES, extractDrafts, withDefaultParties } from "../../shared/extract/index.ts";
import type { RegistryParty } from "../../shared/extract/parties.ts";

const registered = (slug: string, name: string, aliases: string[]): RegistryParty => ({
  slug,
  name,
  kind: "company",
  aliases,
});

describe("the registry completed by the built-in list", () => {
  it("keeps a registered party rather than the built-in one of the same slug", () => {
    const parties = withDefaultParties([registered("openai", "OpenAI Group", [])]);
    expect(parties.filter((party) => party.slug === "openai").map((party) => party.name)).toEqual([
      "OpenAI Group",
    ]);
  });

  it("drops a built-in alias the registry gives to another party", () => {
    const parties = withDefaultParties([registered("google", "Google", ["구글"])]);
    expect(parties.find((party) => party.name === "Alphabet")?.aliases).toEqual(["알파벳"]);
  });

  it("gives an unregistered built-in party the slug the ledger gives its name", () => {
    const parties = withDefaultParties([]);
    expect(parties.find((party) => party.name === "Ministry of Science and ICT")?.slug).toBe(
      "ministry-of-science-and-ict",
    );
  });

  it("adds every built-in party to an empty registry", () => {
    expect(withDefaultParties([])).toHaveLength(DEFAULT_PARTIES.length);
  });
});

describe("parties named by a registered alias", () => {
  const registry = withDefaultParties([registered("khazna", "Khazna Data Centers", ["카즈나"])]);
  const text = "카즈나는 지난 22일 아랍에미리트에 AI 데이터센터를 짓는 데 100억 달러를 투자하겠다고 밝혔다.";
  const [draft] = extractDrafts({ text, publishedOn: "2025-02-03", language: "ko" }, { registry }).drafts;

  it("come back under the canonical name", () => {
    expect(draft?.commitment.parties[0]).toEqual({
      name: "Khazna Data Centers",
      role: "funder",
      kind: "company",
    });
  });

  it("with the registry's slug", () => {
    expect(draft?.partySlugs["Khazna Data Centers"]).toBe("khazna");
  });
});
