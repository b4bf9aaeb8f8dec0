import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserStack, rendered, startBrowserStack } from "./support.ts";

describe("the totals page", () => {
  let app: BrowserStack;
  const create = async (fields: Record<string, unknown>) => {
    const created = await fetch(`${app.stack.url}/commitments`, {
      method: "POST",
      headers: { authorization: `Bearer ${app.stack.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        categories: ["data-center"],
        confidence: "official",
        sources: [{ url: `https://example.com/${encodeURIComponent(String(fields.title))}` }],
        ...fields,
      }),
    });
    expect(created.status).toBe(201);
  };
  beforeAll(async () => {
    app = await startBrowserStack();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("draws the world map with the seed countries", async () => {
    const { page } = await app.open("#/totals");
    const map = page.locator("figure.map svg[aria-label='World map of totals by country']");
    const shaded = await map.locator("title").allTextContents();
    expect(shaded.map((title) => title.split(":")[0]).sort()).toEqual(["South Korea", "United States"]);
  });

  it("draws the totals chart with a row per seed country, largest first", async () => {
    const { page } = await app.open("#/totals");
    const chart = page.locator("figure.range-chart svg[aria-label='Totals by country']");
    const labels = await chart.locator("text").allTextContents();
    expect(labels.filter((text) => text.includes(" — "))).toEqual([
      "United States — at least US$565B",
      "South Korea — up to US$1.74B",
    ]);
  });

  it("says a part counts on its own when its whole states no figure", async () => {
    const { page } = await app.open("#/totals");
    expect(await page.locator("main").textContent()).toContain(
      "counted once: through the whole, or on its own when the whole states no figure",
    );
  });

  it("gives every digit in the table behind the charts", async () => {
    const { page } = await app.open("#/totals");
    const rows = await page.locator("table.totals tbody tr").allInnerTexts();
    expect(rows.map((row) => row.includes("US$1,736,111,111"))).toEqual([false, true]);
  });

  it("groups by category from the tabs, in the URL", async () => {
    const { page } = await app.open("#/totals");
    await page.click("nav.tabs >> text=Category");
    await page.waitForURL(/groupBy=category/);
    await rendered(page);
    const groups = await page.locator("table.totals tbody th").allInnerTexts();
    expect(groups.sort()).toEqual(["Compute", "Data centers", "Energy"]);
  });

  it("loads nothing from anywhere but the stack it is served from", async () => {
    const { requests, errors } = await app.open("#/totals");
    const elsewhere = requests.filter(
      (url) => !url.startsWith(`${app.stack.url}/`) && !url.startsWith("data:"),
    );
    expect([elsewhere, errors]).toEqual([[], []]);
  });

  it("serves the dashboard's files with their content types, and the API stays JSON", async () => {
    const index = await fetch(`${app.stack.url}/`);
    const html = await index.text();
    const script = html.match(/src="\.(\/assets\/main-[^"]+\.js)"/)?.[1];
    const asset = await fetch(`${app.stack.url}${script}`);
    const api = await fetch(`${app.stack.url}/commitments`);
    expect([
      index.headers.get("content-type"),
      asset.headers.get("content-type"),
      asset.headers.get("cache-control"),
      api.headers.get("content-type"),
    ]).toEqual([
      "text/html; charset=utf-8",
      "text/javascript; charset=utf-8",
      "public, max-age=31536000, immutable",
      "application/json",
    ]);
  });

  // Last: they add commitments the other tests do not expect.
  it("counts a figure with no exchange rate among the commitments, not as one more", async () => {
    await create({
      title: "France AI summit pledges",
      announcedOn: "2025-02-10",
      parties: [{ name: "France", role: "government" }],
      amount: { currency: "EUR", value: "109000000000", qualifier: "exact" },
      location: { country: "FR" },
    });

    const { page } = await app.open("#/totals");
    const grandTotal = (await page.locator(".headline-figure").textContent()) ?? "";
    const france = await page.locator("table.totals tbody tr", { hasText: "France" }).textContent();

    expect([grandTotal.includes("across 4 commitments"), grandTotal.includes("1 more"), france]).toEqual([
      true,
      false,
      expect.stringContaining("1 (1 of them unconverted)"),
    ]);
  });

  it("says a funder's deals state no figure, rather than calling it a partner", async () => {
    await create({
      title: "Stargate UAE",
      announcedOn: "2025-05-22",
      parties: [
        { name: "G42", role: "funder" },
        { name: "Cisco", role: "technology-partner" },
      ],
      location: { country: "AE" },
    });

    const { page } = await app.open("#/totals?groupBy=party");
    const g42 = await page.locator("table.totals tbody tr", { hasText: "G42" }).textContent();

    expect(g42).toContain("no figure stated in 1 deal");
  });

  it("says a country whose figures have no exchange rate has no US$ figure, not US$0", async () => {
    const { page } = await app.open("#/totals");
    const france = await page.locator("table.totals tbody tr", { hasText: "France" }).textContent();
    expect(france).toContain("no US$ figure: 1 with no exchange rate on record");
  });
});
