/**
 * The browser tests' stack: the local stack with the seeds of `npm start` on a free port, and a headless Chromium
 * (dashboard/chromium.ts: a missing browser fails the test with what to install). One of each per test file.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { launchChromium } from "../../dashboard/chromium.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

export interface BrowserStack {
  stack: TestStack;
  browser: Browser;
  /** Opens a dashboard view ("#/totals") in a fresh context and waits until it has rendered. */
  open(view: string, options?: BrowserContextOptions): Promise<OpenedPage>;
  close(): Promise<void>;
}

export interface OpenedPage {
  page: Page;
  /** Script errors and console errors the page has shown so far. */
  errors: string[];
  /** Every URL the page requested. */
  requests: string[];
}

export async function startBrowserStack(): Promise<BrowserStack> {
  const stack = await startTestStack({ seed: true });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await stack.close();
    throw error;
  }
  return {
    stack,
    browser,
    async open(view, options = {}) {
      const context = await browser.newContext({ viewport: DESKTOP, ...options });
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("request", (request) => requests.push(request.url()));
      await page.goto(`${stack.url}/${view}`);
      await rendered(page);
      return { page, errors, requests };
    },
    async close() {
      await browser.close();
      await stack.close();
    },
  };
}

/** The little of the page's globals the wait below reads (the tests are type-checked without the DOM library). */
interface PageGlobals {
  location: { hash: string };
  document: {
    getElementById(id: string): { dataset: Record<string, string | undefined> } | null;
    querySelector(selector: string): unknown;
  };
}

/** Waits until the view the URL names has rendered (main's data-view is the URL's fragment) and nothing is loading. */
export async function rendered(page: Page): Promise<void> {
  // A function, not a string: the dashboard's CSP forbids eval, which a string predicate needs.
  await page.waitForFunction(
    () => {
      const { document, location } = globalThis as unknown as PageGlobals;
      return (
        document.getElementById("main")?.dataset.view === location.hash &&
        !document.querySelector("[aria-busy]")
      );
    },
    undefined,
    { timeout: 15_000 },
  );
}

/** How far the page scrolls sideways (0 when it fits its viewport). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
}

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

const axeSource = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's violations on the page, as id, impact, help and the elements (CSS selectors). */
export async function axe(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: await axeSource });
  return page.evaluate<Violation[]>(
    "axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))",
  );
}
