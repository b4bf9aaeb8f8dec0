/**
 * `npm run import` as a user runs it: what it says when it stops. The API is a port nothing listens on (the
 * failures here come before any request) or a server of the test's own on the loopback interface.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitmentInput } from "../support/fixtures.ts";

const CLI = join(import.meta.dirname, "../../shared/import/cli.ts");
/** The discard port: nothing answers there. */
const NO_API = "http://127.0.0.1:9";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ait-import-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One valid row, in JSON Lines. */
const oneRow = `${JSON.stringify(commitmentInput())}\n`;

async function importCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, TRACKER_API_KEY: "ait_test" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const [code] = (await once(child, "close")) as [number | null];
  return { code, stderr };
}

let files = 0;

describe("npm run import, stopping", () => {
  it.each([
    ["a header without a title column", "csv", "id,name\r\nx,y\r\n", NO_API],
    ["a header naming a column twice", "csv", "id,title,title\r\nx,y,z\r\n", NO_API],
    ["a file that is not there", "csv", undefined, NO_API],
    ["a --url that is not a URL", "jsonl", oneRow, "api.example.com"],
  ])("says that nothing was written when it stops at %s", async (_, extension, content, url) => {
    const path = join(dir, `file-${++files}.${extension}`);
    if (content !== undefined) await writeFile(path, content);

    const run = await importCli([path, "--url", url]);

    expect(run).toEqual({ code: 2, stderr: expect.stringMatching(/\nnothing was written\n$/) });
  });

  it("says that the rows written before are kept when the API fails after a batch went out", async () => {
    const path = join(dir, `file-${++files}.jsonl`);
    await writeFile(path, oneRow);
    const api = createServer((_, response) => response.writeHead(401).end());
    api.listen(0, "127.0.0.1");
    await once(api, "listening");

    const run = await importCli([
      path,
      "--url",
      `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
    ]).finally(() => api.close());

    expect(run.stderr).toMatch(/\nrows written before this are kept; rerun the same command/);
  });
});
