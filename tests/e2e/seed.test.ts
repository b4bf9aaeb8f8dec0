import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadApp } from "../../infra/local/app.ts";
import { seed } from "../../infra/local/seed.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

interface Listed {
  items: { title: string; amount?: { currency: string }; amountUsd: { high: string } | null }[];
}

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

  it("does nothing when the ledger already has commitments", async () => {
    const result = await seed(await loadApp({ deps: stack.deps }), stack.adminKey);
    expect(result.seeded, "seeded").toBe(false);
    expect((await listed()).items, "commitments").toHaveLength(3);
  });
});
