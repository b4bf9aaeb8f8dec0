import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserStack, horizontalOverflow, rendered, startBrowserStack } from "./support.ts";

const KOREA_TITLE = "국가 AI 컴퓨팅 센터 (National AI Computing Center)";

describe("the commitments page", () => {
  let app: BrowserStack;
  beforeAll(async () => {
    app = await startBrowserStack();
  });
  afterAll(async () => {
    await app?.close();
  });

  const titles = (opened: { page: import("playwright-core").Page }) =>
    opened.page.locator("table.ledger tbody th a").allInnerTexts();

  it("lists the seeded commitments with their figures as announced, in words", async () => {
    const opened = await app.open("");
    expect(await titles(opened)).toEqual(["Meta AI infrastructure 2025", KOREA_TITLE, "Stargate"]);
    const figures = await opened.page.locator("td[data-label='Figure']").allInnerTexts();
    expect(figures).toEqual(["at least US$65B", "up to ₩2.5T", "at least US$500B"]);
    expect(opened.errors).toEqual([]);
  });

  it("names countries and categories instead of codes", async () => {
    const opened = await app.open("");
    const text = (await opened.page.locator("table.ledger").textContent()) ?? "";
    expect([
      text.includes("South Korea"),
      text.includes("Data centers"),
      /\bKR\b|data-center/.test(text),
    ]).toEqual([true, true, false]);
  });

  it("keeps every digit of a figure one hover away", async () => {
    const opened = await app.open("");
    const stargate = opened.page
      .locator("tr", { hasText: "Stargate" })
      .locator("td[data-label='Figure'] data");
    expect(await stargate.getAttribute("title")).toBe("at least US$500,000,000,000");
  });

  it("applies a chosen country at once, to the list and to the URL", async () => {
    const opened = await app.open("");
    await opened.page.selectOption("#f-country", { label: "South Korea" });
    await opened.page.waitForURL(/country=KR/);
    await rendered(opened.page);
    expect(await titles(opened)).toEqual([KOREA_TITLE]);
  });

  it("sorts by US$ and reloads the same view from the URL", async () => {
    const opened = await app.open("#/?country=US&sort=-amountUsd");
    await opened.page.reload();
    await rendered(opened.page);
    expect([await titles(opened), await opened.page.inputValue("#f-sort")]).toEqual([
      ["Stargate", "Meta AI infrastructure 2025"],
      "-amountUsd",
    ]);
  });

  it("searches in Korean", async () => {
    const opened = await app.open("");
    await opened.page.fill("#f-q", "컴퓨팅");
    await opened.page.press("#f-q", "Enter");
    await opened.page.waitForURL(/q=/);
    await rendered(opened.page);
    expect(await titles(opened)).toEqual([KOREA_TITLE]);
  });

  it("reads a typed amount such as 100B as whole US dollars", async () => {
    const opened = await app.open("");
    await opened.page.fill("#f-minUsd", "100B");
    await opened.page.click("button[type=submit]");
    await opened.page.waitForURL(/minUsd=100000000000(&|$)/);
    await rendered(opened.page);
    expect(await titles(opened)).toEqual(["Stargate"]);
  });

  it("pages with the cursor, the page in the URL", async () => {
    const opened = await app.open("#/?limit=2");
    const first = await titles(opened);
    await opened.page.click("a[rel=next]");
    await opened.page.waitForURL(/cursor=/);
    await rendered(opened.page);
    expect([first.length, await titles(opened)]).toEqual([2, ["Stargate"]]);
  });

  it("shows the API's reason when a filter is refused", async () => {
    const opened = await app.open("#/?from=2025-02-01&to=2025-01-01");
    expect(await opened.page.locator("[role=alert]").textContent()).toContain("from must not be after to");
  });

  // Last: it adds a commitment the other tests do not expect.
  it("keeps the figures on the page when a party's name has no place to break", async () => {
    const name = `${"a".repeat(99)}𠀀`;
    const created = await fetch(`${app.stack.url}/commitments`, {
      method: "POST",
      headers: { authorization: `Bearer ${app.stack.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        title: "An unbroken name",
        announcedOn: "2025-03-03",
        parties: [{ name, role: "funder" }],
        amount: { currency: "USD", value: "123456789", qualifier: "exact" },
        categories: ["compute"],
        location: { country: "US" },
        confidence: "reported",
        sources: [{ url: "https://example.com/unbroken" }],
      }),
    });
    expect(created.status).toBe(201);

    const opened = await app.open("");

    expect(await titles(opened)).toContain("An unbroken name");
    expect(await horizontalOverflow(opened.page)).toBe(0);
  });
});
