import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axe, type BrowserStack, horizontalOverflow, PHONE, startBrowserStack } from "./support.ts";

/** Every page of the dashboard, by name; commitments by the first word of their title. */
const PAGES = [
  "commitments",
  "Stargate",
  "Meta",
  "국가",
  "totals",
  "totals by party",
  "summaries",
  "exchange rates",
  "add from an article",
];

describe("the dashboard for every reader", () => {
  let app: BrowserStack;
  let views: Map<string, string>;
  beforeAll(async () => {
    app = await startBrowserStack();
    const listed = (await (await fetch(`${app.stack.url}/commitments`)).json()) as {
      items: { id: string; title: string }[];
    };
    views = new Map([
      ["commitments", ""],
      ...listed.items.map((item): [string, string] => [
        item.title.split(" ")[0] ?? "",
        `#/commitments/${item.id}`,
      ]),
      ["totals", "#/totals"],
      ["totals by party", "#/totals?groupBy=party"],
      ["summaries", "#/summaries"],
      ["exchange rates", "#/fx-rates"],
      ["add from an article", "#/drafts"],
    ]);
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(PAGES)("finds no serious or critical accessibility violation on %s (axe-core)", async (name) => {
    // axe is injected as a script; the dashboard's own CSP would rightly refuse it.
    const { page } = await app.open(views.get(name) ?? "#/missing", { bypassCSP: true });
    const violations = await axe(page);
    console.log(`axe-core on ${name}: ${JSON.stringify(violations)}`);
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });

  it.each(PAGES)("fits a phone's width on %s: nothing scrolls sideways", async (name) => {
    const { page } = await app.open(views.get(name) ?? "#/missing", {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
    });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it("reaches every control by keyboard alone", async () => {
    for (const view of ["", "#/totals"]) {
      const { page } = await app.open(view);
      const controls = await page.evaluate<number>(
        `(() => {
          const all = [...document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])")]
            .filter((element) => element.getClientRects().length > 0 && !element.disabled);
          all.forEach((element, index) => element.setAttribute("data-control", String(index)));
          return all.length;
        })()`,
      );
      const reached = new Set<string>();
      // A date field takes a Tab per part (month, day, year): press enough for every part of every control.
      for (let press = 0; press < controls * 3 + 10 && reached.size < controls; press++) {
        await page.keyboard.press("Tab");
        const id = await page.evaluate<string | null>(
          "document.activeElement?.getAttribute('data-control') ?? null",
        );
        if (id !== null) reached.add(id);
      }
      expect({ view, reached: reached.size }).toEqual({ view, reached: controls });
    }
  });

  it("starts with a link that skips to the content", async () => {
    const { page } = await app.open("");
    await page.keyboard.press("Tab");
    const first = await page.evaluate<string>("document.activeElement.textContent");
    await page.keyboard.press("Enter");
    const focused = await page.evaluate<string>("document.activeElement.id");
    expect([first, focused, page.url().endsWith("/")]).toEqual(["Skip to the content", "main", true]);
  });

  it("marks Korean text as Korean and draws it with a font that has Hangul", async () => {
    const { page } = await app.open(views.get("국가") ?? "");
    const excerpt = page.locator("blockquote[lang='ko']").first();
    // A character no font has draws as the "missing glyph" box; Hangul drawn in the page's fonts must differ.
    const drawn = await page.evaluate<boolean>(
      `(() => {
        const canvas = document.createElement("canvas");
        canvas.width = canvas.height = 48;
        const context = canvas.getContext("2d");
        const draw = (text) => {
          context.clearRect(0, 0, 48, 48);
          context.font = "32px " + getComputedStyle(document.body).fontFamily;
          context.fillText(text, 4, 40);
          return context.getImageData(0, 0, 48, 48).data.join();
        };
        return draw("국") !== draw("\\u{10FFFD}");
      })()`,
    );
    expect([(await excerpt.textContent())?.includes("과학기술정보통신부"), drawn]).toEqual([true, true]);
  });
});
