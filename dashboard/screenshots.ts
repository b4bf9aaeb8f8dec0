/**
 * `npm run screenshots`: the README's pictures of the dashboard, remade from the seeded stack. Starts an in-memory
 * DynamoDB Local, seeds it as `npm start` does, serves the stack on a free port, and photographs the pages in
 * Chromium (dashboard/chromium.ts) at desktop and phone width into dashboard/screenshots/. Stops all it started.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { loadApp } from "../infra/local/app.ts";
import { startDynamoDbLocal } from "../infra/local/dynamodb-local.ts";
import { seed } from "../infra/local/seed.ts";
import { startServer } from "../infra/local/server.ts";
import { ensureTable } from "../infra/local/table.ts";
import { createDeps } from "../shared/deps.ts";
import { generateApiKey } from "../shared/domain/api-key.ts";
import { launchChromium } from "./chromium.ts";

const outdir = fileURLToPath(new URL("screenshots/", import.meta.url));
const DESKTOP = { width: 1200, height: 860 };
const PHONE = { width: 390, height: 844 };

interface Shot {
  file: string;
  view: (ids: Map<string, string>) => string;
  viewport: { width: number; height: number };
  /** The whole page, not only the first screen. */
  fullPage?: boolean;
  /** Scrolled first so that this element is at the top. */
  scrollTo?: string;
}

const SHOTS: Shot[] = [
  { file: "commitments.png", view: () => "", viewport: DESKTOP },
  {
    file: "commitment-stargate.png",
    view: (ids) => `#/commitments/${ids.get("Stargate")}`,
    viewport: DESKTOP,
  },
  { file: "totals-map.png", view: () => "#/totals", viewport: DESKTOP, fullPage: true },
  { file: "commitment-korea-phone.png", view: (ids) => `#/commitments/${ids.get("국가")}`, viewport: PHONE },
  { file: "totals-phone.png", view: () => "#/totals", viewport: PHONE, scrollTo: ".headline-figure" },
];

async function photograph(browser: Browser, url: string, ids: Map<string, string>): Promise<void> {
  await mkdir(outdir, { recursive: true });
  for (const shot of SHOTS) {
    const page = await browser.newPage({ viewport: shot.viewport, deviceScaleFactor: 1 });
    await page.goto(`${url}/${shot.view(ids)}`);
    await page.waitForFunction(
      () => {
        const { document } = globalThis as unknown as { document: { querySelector(s: string): unknown } };
        return document.querySelector("main h1") !== null && !document.querySelector("[aria-busy]");
      },
      undefined,
      { timeout: 30_000 },
    );
    if (shot.scrollTo)
      await page
        .locator(shot.scrollTo)
        .first()
        .evaluate((element) => element.scrollIntoView(), undefined);
    await page.screenshot({ path: join(outdir, shot.file), fullPage: shot.fullPage ?? false });
    await page.close();
    console.log(`dashboard/screenshots/${shot.file}`);
  }
}

async function main(): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  try {
    const dynamodb = await startDynamoDbLocal({ path: null });
    stops.push(dynamodb.stop);
    const adminKey = generateApiKey();
    const deps = createDeps({ tableName: "screenshots", adminKey, endpoint: dynamodb.endpoint });
    stops.push(async () => deps.db.destroy());
    await ensureTable(deps.db, "screenshots");
    const app = await loadApp({ deps });
    await seed(app, adminKey);
    const server = await startServer({ app, port: 0 });
    stops.push(server.close);
    const browser = await launchChromium();
    stops.push(() => browser.close());
    const listed = (await (await fetch(`${server.url}/commitments`)).json()) as {
      items: { id: string; title: string }[];
    };
    const ids = new Map(listed.items.map((item) => [item.title.split(" ")[0] ?? item.title, item.id]));
    await photograph(browser, server.url, ids);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
}

main().catch((error: unknown) => {
  console.error(`screenshots failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
