import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserStack, type OpenedPage, rendered, startBrowserStack } from "./support.ts";

interface Listed {
  items: { id: string; title: string }[];
}

describe("a commitment's page", () => {
  let app: BrowserStack;
  let ids: Map<string, string>;
  beforeAll(async () => {
    app = await startBrowserStack();
    const listed = (await (await fetch(`${app.stack.url}/commitments`)).json()) as Listed;
    ids = new Map(listed.items.map((item) => [item.title.split(" ")[0] ?? item.title, item.id]));
  });
  afterAll(async () => {
    await app?.close();
  });

  const open = (first: string): Promise<OpenedPage> => app.open(`#/commitments/${ids.get(first)}`);

  it("opens from the list", async () => {
    const opened = await app.open("");
    await opened.page.getByRole("link", { name: "Stargate", exact: true }).click();
    await opened.page.waitForURL(/#\/commitments\/cmt_/);
    await rendered(opened.page);
    expect(await opened.page.locator("h1").textContent()).toBe("Stargate");
  });

  it("shows Stargate's figure as announced: at least US$500B, and every digit", async () => {
    const { page } = await open("Stargate");
    expect([
      await page.locator(".headline-figure .big").textContent(),
      await page.locator(".headline-figure .exact").textContent(),
    ]).toEqual(["at least US$500B", "Exactly: at least US$500,000,000,000"]);
  });

  it("lists Stargate's two sources, the Korean excerpt marked as Korean", async () => {
    const { page } = await open("Stargate");
    const sources = page.locator("ol.sources > li");
    const korean = sources.first().locator("blockquote");
    expect([
      await sources.count(),
      await korean.getAttribute("lang"),
      ((await korean.textContent()) ?? "").includes("최소 5000억 달러"),
    ]).toEqual([2, "ko", true]);
  });

  it("shows Stargate's revision history", async () => {
    const { page } = await open("Stargate");
    const revision = (await page.locator("ol.revisions > li").first().textContent()) ?? "";
    expect([
      revision.startsWith("Recorded · version 1"),
      revision.includes("Figure: at least US$500B"),
    ]).toEqual([true, true]);
  });

  it("converts Korea's figure with the rate it used", async () => {
    const { page } = await open("국가");
    const headline = (await page.locator(".headline-figure").textContent()) ?? "";
    expect([
      headline.startsWith("up to ₩2.5T"),
      // The conversion keeps the figure's qualifier: a ceiling in won is a ceiling in dollars.
      headline.includes("≈ up to US$1.74B at ₩1,440/US$ of 22 Jan 2025"),
      await page.locator(".facts").textContent(),
    ]).toEqual([true, true, expect.stringContaining("15,000 × NVIDIA H100")]);
  });

  it("says so when there is no such commitment", async () => {
    const { page } = await app.open("#/commitments/cmt_00000000000000000000000000");
    expect(await page.locator("h1").textContent()).toBe("No such commitment");
  });

  // The tests below change the seeded ledger the tests above read: they come last.
  it("keeps the figure's 'up to' in the US$ figures of a re-conversion", async () => {
    const rate = await fetch(`${app.stack.url}/fx-rates/KRW/2025-01-22`, {
      method: "PUT",
      headers: { authorization: `Bearer ${app.stack.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ unitsPerUsd: "1450", kind: "market", source: "a market rate" }),
    });
    expect(rate.status).toBe(200);

    const { page } = await open("국가");
    const revision = (await page.locator("ol.revisions > li").first().textContent()) ?? "";

    expect(revision).toContain("In US$: up to US$1.74B → up to US$1.72B");
  });

  it("says a part of a whole that states no figure is counted on its own", async () => {
    const create = async (fields: Record<string, unknown>): Promise<string> => {
      const created = await fetch(`${app.stack.url}/commitments`, {
        method: "POST",
        headers: { authorization: `Bearer ${app.stack.adminKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          announcedOn: "2025-05-22",
          categories: ["data-center"],
          location: { country: "AE" },
          confidence: "official",
          sources: [{ url: `https://example.com/${encodeURIComponent(String(fields.title))}` }],
          ...fields,
        }),
      });
      return ((await created.json()) as { id: string }).id;
    };
    const whole = await create({ title: "Stargate UAE", parties: [{ name: "G42", role: "funder" }] });
    const part = await create({
      title: "Stargate UAE first phase",
      parties: [{ name: "G42", role: "funder" }],
      amount: { currency: "USD", value: "1000000000", qualifier: "up-to" },
      parentId: whole,
    });

    const relations = async (id: string) =>
      (await (
        await app.open(`#/commitments/${id}`)
      ).page
        .locator("section[aria-labelledby=relations-heading]")
        .textContent()) ?? "";

    expect([await relations(part), await relations(whole)]).toEqual([
      expect.stringContaining("Its whole states no figure, so it is counted in totals on its own."),
      expect.stringContaining("this commitment states no figure, so each is counted in totals on its own"),
    ]);
    // In the list, the part says it is one, linking to its whole, so nobody adds the two rows up unawares.
    const listed = (await app.open("")).page.locator("tr", { hasText: "Stargate UAE first phase" });
    expect(await listed.locator("a.part-of").getAttribute("href")).toBe(`#/commitments/${whole}`);
    expect(await app.open("").then(({ page }) => page.locator("a.part-of").count())).toBe(1);
  });
});
