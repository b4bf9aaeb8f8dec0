import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadApp } from "../../infra/local/app.ts";
import { seed } from "../../infra/local/seed.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

interface Source {
  url: string;
  excerpt?: string;
  figure?: { currency: string; low: string; high: string; qualifier: string };
}
interface Listed {
  items: {
    title: string;
    amount?: { currency: string };
    amountUsd: { high: string } | null;
    sources: Source[];
    sourcesDisagree: boolean;
  }[];
}

const ARTICLE = "https://it.donga.com/106495";

describe("the seed of npm start", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ seed: true });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function listed(): Promise<Listed> {
    return (await (await fetch(`${stack.url}/commitments?limit=10`)).json()) as Listed;
  }

  it("records the three commitments of the source article", async () => {
    expect((await listed()).items).toHaveLength(3);
  });

  it("converts the KRW commitment with the article's rate of 1,440", async () => {
    const korea = (await listed()).items.find((item) => item.amount?.currency === "KRW");
    expect(korea?.amountUsd?.high).toBe("1736111111");
  });

  it("registers the parties first, so the ministry's commitment is filed under msit, found by its Korean name", async () => {
    const response = await fetch(`${stack.url}/parties/${encodeURIComponent("과기정통부")}`);
    const party = (await response.json()) as { slug: string; items: { amount?: { currency: string } }[] };

    expect([party.slug, party.items.map((item) => item.amount?.currency)]).toEqual(["msit", ["KRW"]]);
  });

  it("cites the article's own address on every seed that quotes it, never the publisher's home page", async () => {
    const urls = (await listed()).items.flatMap((item) => item.sources.map((source) => source.url));
    expect(urls.filter((url) => url === ARTICLE)).toHaveLength(3);
    expect(urls).not.toContain("https://it.donga.com/");
  });

  it("quotes the article verbatim, its curly quotes kept", async () => {
    const excerpts = (await listed()).items.flatMap((item) =>
      item.sources.filter((source) => source.url === ARTICLE).map((source) => source.excerpt ?? ""),
    );
    expect(excerpts.join("\n")).toContain("\u2018스타게이트\u2019");
    expect(excerpts.join("\n")).toContain("\u2018국정현안관계장관회의 겸 경제관계장관회의\u2019");
    expect(excerpts.join("\n")).not.toMatch(/'/);
  });

  it("keeps Meta's two reports side by side, each with its own figure, and says they disagree", async () => {
    const meta = (await listed()).items.find((item) => item.title.startsWith("Meta"));
    expect(
      meta?.sources.map((source) => [source.figure?.qualifier, source.figure?.low, source.figure?.high]),
    ).toEqual([
      ["at-least", "65000000000", "65000000000"],
      ["range", "60000000000", "65000000000"],
    ]);
    expect(meta?.sourcesDisagree).toBe(true);
  });

  it("does nothing when the ledger already has commitments", async () => {
    const result = await seed(await loadApp({ deps: stack.deps }), stack.adminKey);
    expect(result.seeded, "seeded").toBe(false);
    expect((await listed()).items, "commitments").toHaveLength(3);
  });
});
