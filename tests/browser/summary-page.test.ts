/**
 * The HTML summary as a phone and a desktop draw it: this week's provisional summary of the seeds (recorded when
 * the stack started), whose chart has the United States at least US$565B beside South Korea's US$1.74B.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodAt } from "../../shared/domain/periods.ts";
import { type BrowserStack, DESKTOP, horizontalOverflow, PHONE, startBrowserStack } from "./support.ts";

let app: BrowserStack;
beforeAll(async () => {
  app = await startBrowserStack();
});
afterAll(async () => {
  await app?.close();
});

async function openSummary(viewport: { width: number; height: number }): Promise<Page> {
  const context = await app.browser.newContext({ viewport });
  const page = await context.newPage();
  const week = periodAt("weekly", new Date()).label;
  await page.goto(`${app.stack.url}/summaries/weekly/${week}?format=html`);
  return page;
}

interface Box {
  text: string;
  right: number;
  width: number;
}

/** Where the chart's texts end and how wide its bars are drawn, in CSS pixels. */
async function chartBoxes(page: Page): Promise<{ texts: Box[]; bars: Box[]; width: number }> {
  const boxes = async (selector: string) =>
    Promise.all(
      (await page.locator(selector).all()).map(async (element) => {
        const box = await element.boundingBox();
        return {
          text: await element.textContent(),
          right: (box?.x ?? 0) + (box?.width ?? 0),
          width: box?.width ?? 0,
        };
      }),
    );
  return {
    texts: (await boxes("svg.chart text")) as Box[],
    bars: (await boxes("svg.chart rect")) as Box[],
    width: (await page.locator("svg.chart").boundingBox())?.width ?? 0,
  };
}

describe.each([
  ["a phone", PHONE],
  ["a desktop", DESKTOP],
])("the HTML summary on %s", (_, viewport) => {
  it("does not scroll sideways", async () => {
    const page = await openSummary(viewport);

    expect(await horizontalOverflow(page)).toBe(0);
  });

  it("draws every chart label whole, inside the chart", async () => {
    const page = await openSummary(viewport);
    const { texts, width } = await chartBoxes(page);
    const chartLeft = (await page.locator("svg.chart").boundingBox())?.x ?? 0;

    expect(texts.map((box) => box.text)).toEqual([
      "United States",
      "at least US$565B",
      "South Korea",
      "up to US$1.74B",
    ]);
    expect(texts.filter((box) => box.right > chartLeft + width + 0.5)).toEqual([]);
  });

  it("keeps South Korea's bar visible beside the United States'", async () => {
    const page = await openSummary(viewport);
    const { bars } = await chartBoxes(page);

    expect(bars.map((bar) => bar.width >= 3)).toEqual([true, true]);
  });
});
