/**
 * "Add from an article": the seed article pasted into the dashboard gives its three drafts, and saving them
 * through the page records the seed's figures; one already recorded is refused, naming the record it repeats.
 */
import { readFile } from "node:fs/promises";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axe, type BrowserStack, horizontalOverflow, PHONE, startBrowserStack } from "./support.ts";

interface Recorded {
  id: string;
  title: string;
  announcedOn: string;
  amount?: { currency: string; low: string; high: string; qualifier: string };
  capacity?: { accelerators?: { model: string; count: number }[] };
}

const article = readFile(new URL("../fixtures/announcements/seed-article.txt", import.meta.url), "utf8");

describe("adding commitments from an article", () => {
  let app: BrowserStack;
  const api = async (method: string, path: string): Promise<Response> =>
    fetch(`${app.stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${app.stack.adminKey}` },
    });
  const listed = async (): Promise<Recorded[]> =>
    ((await (await api("GET", "/commitments")).json()) as { items: Recorded[] }).items;

  beforeAll(async () => {
    app = await startBrowserStack();
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Opens the page (on a phone when asked), pastes the seed article and waits for its drafts. */
  async function drafted(options: { phone?: boolean } = {}): Promise<Page> {
    const { page } = await app.open(
      "#/drafts",
      options.phone ? { viewport: PHONE, isMobile: true, hasTouch: true } : {},
    );
    await page.getByLabel("API key").fill(app.stack.adminKey);
    await page.getByLabel("The article's text").fill(await article);
    await page.getByLabel("Its address").fill("https://it.donga.com/106495");
    await page.getByLabel("Published on").fill("2025-02-05");
    await page.getByLabel("Language").selectOption("ko");
    await page.getByRole("button", { name: "Find the commitments" }).click();
    await page.locator(".draft-card").nth(2).waitFor();
    return page;
  }

  const card = (page: Page, number: number): Locator => page.locator(".draft-card").nth(number - 1);

  /** What the article does not say and the seed records do: categories, and Meta's country. */
  async function complete(page: Page): Promise<void> {
    await card(page, 1).getByLabel("Data centers").check();
    await card(page, 2).getByLabel("Data centers").check();
    await card(page, 2).getByLabel("Country").fill("US");
  }

  it("marks each figure of the seed article in its text and drafts its three commitments", async () => {
    const page = await drafted();
    expect({
      marks: await page.locator(".article-text mark").allInnerTexts(),
      drafts: await page.locator(".draft-card h3").allInnerTexts(),
    }).toEqual({
      marks: ["5000억 달러(약 720조 원)", "650억 달러(약 94조 원)", "2조 5000억 원"],
      drafts: [
        "Draft 1: OpenAI: at least US$500B",
        "Draft 2: Meta: at least US$65B",
        "Draft 3: Ministry of Science and ICT: up to ₩2.5T",
      ],
    });
  });

  it("refuses a draft already recorded, naming the record it repeats", async () => {
    const meta = (await listed()).find((item) => item.title.startsWith("Meta")) as Recorded;
    const page = await drafted();
    await complete(page);
    await card(page, 1).getByLabel("Save draft 1").uncheck();
    await card(page, 3).getByLabel("Save draft 3").uncheck();
    await page.getByRole("button", { name: "Save chosen" }).click();
    const repeated = card(page, 2).getByRole("link", { name: meta.title });
    await repeated.waitFor();
    expect({
      link: await repeated.getAttribute("href"),
      anyway: await card(page, 2).getByRole("button", { name: "Save anyway" }).count(),
    }).toEqual({ link: `#/commitments/${meta.id}`, anyway: 1 });
  });

  it("lists the records a near-duplicate looks like, and saves it anyway when asked", async () => {
    const stargate = (await listed()).find((item) => item.title === "Stargate") as Recorded;
    const page = await drafted();
    await complete(page);
    await card(page, 2).getByLabel("Save draft 2").uncheck();
    await card(page, 3).getByLabel("Save draft 3").uncheck();
    await page.getByRole("button", { name: "Save chosen" }).click();
    const candidate = card(page, 1).locator(".candidates").getByRole("link", { name: "Stargate" });
    await candidate.waitFor();
    const link = await candidate.getAttribute("href");
    await card(page, 1).getByRole("button", { name: "Save anyway" }).click();
    await card(page, 1).locator(".saved-note").waitFor();
    expect({ link, recorded: (await listed()).length }).toEqual({
      link: `#/commitments/${stargate.id}`,
      recorded: 4,
    });
  });

  it("shows the API's field error next to the field", async () => {
    const page = await drafted();
    await complete(page);
    await card(page, 2).getByLabel("Save draft 2").uncheck();
    await card(page, 3).getByLabel("Save draft 3").uncheck();
    const announced = card(page, 1).getByLabel("Announced on");
    await announced.fill("2025-02-30");
    await page.getByRole("button", { name: "Save chosen" }).click();
    await card(page, 1).locator("[aria-invalid='true']").first().waitFor();
    const describedBy = (await announced.getAttribute("aria-describedby")) ?? "";
    const error = (await page.locator(`[id="${describedBy.split(" ").at(-1)}"]`).textContent()) ?? "";
    expect({ invalid: await announced.getAttribute("aria-invalid"), error: error.length > 0 }).toEqual({
      invalid: "true",
      error: true,
    });
  });

  it("records the three drafts with the seed's figures once the seed commitments are gone", async () => {
    for (const item of await listed())
      expect((await api("DELETE", `/commitments/${item.id}`)).status).toBe(204);
    const page = await drafted();
    await complete(page);
    await page.getByRole("button", { name: "Save chosen" }).click();
    await page.locator(".draft-card .saved-note").nth(2).waitFor();
    const ids = (await page
      .locator(".draft-card .saved-note a")
      .evaluateAll((links) => links.map((link) => link.getAttribute("href")))) as string[];
    const records = await Promise.all(
      ids.map(async (link) => (await (await api("GET", `/${link.slice(2)}`)).json()) as Recorded),
    );
    expect(records.map(({ amount, announcedOn, capacity }) => ({ amount, announcedOn, capacity }))).toEqual([
      {
        amount: { currency: "USD", low: "500000000000", high: "500000000000", qualifier: "at-least" },
        announcedOn: "2025-01-01",
        capacity: undefined,
      },
      {
        amount: { currency: "USD", low: "65000000000", high: "65000000000", qualifier: "at-least" },
        announcedOn: "2025-01-24",
        capacity: undefined,
      },
      {
        amount: { currency: "KRW", low: "2500000000000", high: "2500000000000", qualifier: "up-to" },
        announcedOn: "2025-01-22",
        capacity: { accelerators: [{ model: "NVIDIA H100", count: 15000 }] },
      },
    ]);
  });

  it("saves the rate the article implies", async () => {
    const page = await drafted();
    const rate = page.locator(".implied-rate").first();
    await rate.getByRole("button", { name: "Save rate" }).click();
    await rate.locator(".saved-note").waitFor();
    expect(await rate.locator(".saved-note").textContent()).toMatch(
      /^Saved: ₩1,440 per US dollar from 5 Feb 2025 \(version 1\)/,
    );
  });

  it("finds no serious or critical accessibility violation with the drafts shown (axe-core)", async () => {
    const { page } = await app.open("#/drafts", { bypassCSP: true });
    await page.getByLabel("API key").fill(app.stack.adminKey);
    await page.getByLabel("The article's text").fill(await article);
    await page.getByRole("button", { name: "Find the commitments" }).click();
    await page.locator(".draft-card").nth(2).waitFor();
    const violations = await axe(page);
    console.log(`axe-core on the drafts: ${JSON.stringify(violations)}`);
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });

  it("fits a phone's width with the drafts shown", async () => {
    const page = await drafted({ phone: true });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it("keeps the key out of the address and out of storage that outlives the tab", async () => {
    const page = await drafted();
    const stored = await page.evaluate<[string | null, number]>(
      "[sessionStorage.getItem('ait-api-key'), localStorage.length]",
    );
    expect({ url: page.url().includes(app.stack.adminKey), stored }).toEqual({
      url: false,
      stored: [app.stack.adminKey, 0],
    });
  });
});
