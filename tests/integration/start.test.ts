/** Runs the real `npm start` entry as a child process, the way a developer does, and stops it with SIGTERM. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../infra/local/app.ts";

const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;

interface Started {
  child: ChildProcess;
  url: string;
  adminKey: string;
  dynamodbPid: number;
  output: () => string;
}

/** The file `npm start` runs, read from package.json so this test follows the script. */
async function startEntry(): Promise<string> {
  const pkg = JSON.parse(await readFile(join(projectRoot, "package.json"), "utf8")) as {
    scripts: { start: string };
  };
  const match = /^(?:exec )?node (?:--\S+ )*(\S+\.ts)$/.exec(pkg.scripts.start);
  if (!match?.[1]) throw new Error(`unexpected start script: ${pkg.scripts.start}`);
  return match[1];
}

async function start(dataDir: string): Promise<Started> {
  // Port 0: the server binds a free port itself and prints it. A port picked here first could be handed to
  // DynamoDB Local by the stack before the server binds it.
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: "0" };
  delete env.DYNAMODB_ENDPOINT;
  delete env.TRACKER_ADMIN_KEY;
  delete env.TABLE_NAME;
  const child = spawn(process.execPath, [await startEntry()], {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    if (url) {
      const adminKey = /admin key \([^)]*\): (\S+)/.exec(output)?.[1] ?? "";
      const dynamodbPid = Number(/DynamoDB Local: \S+ \(pid (\d+)/.exec(output)?.[1]);
      return { child, url, adminKey, dynamodbPid, output: () => output };
    }
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`npm start printed no URL within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no exit within ${STOP_TIMEOUT_MS} ms`)),
      STOP_TIMEOUT_MS,
    );
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm start", () => {
  let dataDir: string;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tracker-start-"));
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("serves GET /health, and on SIGTERM exits 0 leaving no DynamoDB Local behind", {
    timeout: START_TIMEOUT_MS + STOP_TIMEOUT_MS,
  }, async () => {
    const started = await start(dataDir);
    children.push(started.child);
    const health = await fetch(`${started.url}/health`);
    started.child.kill("SIGTERM");
    const code = await exitOf(started.child);
    expect({
      health: health.status,
      code,
      java: Number.isInteger(started.dynamodbPid) ? alive(started.dynamodbPid) : "no pid printed",
    }).toEqual({
      health: 200,
      code: 0,
      java: false,
    });
  });

  it("prints the generated admin key and keeps it across restarts", {
    timeout: 2 * (START_TIMEOUT_MS + STOP_TIMEOUT_MS),
  }, async () => {
    const first = await start(dataDir);
    children.push(first.child);
    first.child.kill("SIGTERM");
    await exitOf(first.child);
    const second = await start(dataDir);
    children.push(second.child);
    second.child.kill("SIGTERM");
    await exitOf(second.child);
    const kept = (await readFile(join(dataDir, "admin-key"), "utf8")).trim();
    expect([first.adminKey, second.adminKey]).toEqual([kept, kept]);
  });
});
