/**
 * Chromium for the browser tests and the screenshots: Debian's `chromium` package (`.ci/run` installs it when it
 * is missing), or the browser CHROMIUM_PATH names. A missing browser is an error that says what to install,
 * never a skipped test.
 */
import { access, constants } from "node:fs/promises";
import { type Browser, chromium } from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The browser to drive: CHROMIUM_PATH, else the first of the usual Debian/Ubuntu paths that exists. */
export async function chromiumPath(environment: NodeJS.ProcessEnv = process.env): Promise<string> {
  const candidates = environment.CHROMIUM_PATH ? [environment.CHROMIUM_PATH] : CANDIDATES;
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `no Chromium found (looked for ${candidates.join(", ")}): install it with \`apt-get install -y chromium\` (bash .ci/run does this when it runs as root), or set CHROMIUM_PATH to a Chromium or Chrome binary`,
  );
}

/** A headless Chromium with a fresh profile (Playwright makes a temporary one), no network of its own. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
