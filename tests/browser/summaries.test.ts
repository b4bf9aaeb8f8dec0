import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserStack, startBrowserStack } from "./support.ts";

/** The seeds are recorded when the stack starts, so this week's provisional summary holds all three. */
const HEADLINE = "At least US$565B in new commitments this week so far, plus up to US$1.74B.";

describe("the summaries pages", () => {
  let app: BrowserStack;
  beforeAll(async () => {
    app = await startBrowserStack();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("gives this week's summary its headline, qualifiers included", async () => {
    const opened = await app.open("#/summaries");
    const cards = await opened.page.locator("#current-heading + ul.cards li").allInnerTexts();
    expect([cards.some((text) => text.includes(HEADLINE)), opened.errors]).toEqual([true, []]);
  });

  it("opens a summary under the same headline", async () => {
    const opened = await app.open("#/summaries");
    await opened.page.locator("#current-heading + ul.cards li a").first().click();
    await opened.page.waitForSelector("article p.lede");
    const lede = await opened.page.locator("article p.lede").textContent();
    expect(lede).toMatch(
      /^At least US\$565B in new commitments this (week|month) so far, plus up to US\$1\.74B\.$/,
    );
  });
});
