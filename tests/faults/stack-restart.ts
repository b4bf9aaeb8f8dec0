/**
 * Fault 2: the whole local stack (`npm start`: node, DynamoDB Local on disk, stream poller, retry job) killed
 * with SIGKILL while webhook deliveries are pending, then started again on the same $DATA_DIR. The receiver
 * fails every event's first attempt, so at the kill some deliveries wait for a retry and some events have not
 * been read from the stream yet. Passes when every event is delivered after the restart (none lost), retries keep
 * their webhook-id, and the restarted stack stops cleanly on SIGINT leaving no java process behind.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../infra/local/dynamodb-local.ts";
import { generateApiKey } from "../../shared/domain/api-key.ts";
import { generatedCommitments } from "../bench/generate.ts";
import { assertLoopback, type Cleanup, httpClient, sleep, waitUntil } from "../bench/harness.ts";
import { startReceiver } from "../support/receiver.ts";
import { type ScenarioResult, Verdict } from "./scenario.ts";

const EVENTS = 300;
/** Kill once the receiver has seen this many requests. */
const KILL_AFTER_REQUESTS = 80;
const root = fileURLToPath(new URL("../../", import.meta.url));

interface RunningStack {
  child: ChildProcess;
  javaPid: number | undefined;
  exited: Promise<number | null>;
  output: () => string;
}

/** Whether a process is running (a zombie, killed but not yet reaped by its new parent, is not). */
function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (name) state …"
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** `npm start` (what the script runs: node infra/local/start.ts) in its own process group, so a kill takes java too. */
async function startStack(cleanup: Cleanup, env: Record<string, string>): Promise<RunningStack> {
  // Its own DynamoDB Local, whatever this shell points at.
  const inherited = { ...process.env };
  delete inherited.DYNAMODB_ENDPOINT;
  const child = spawn(process.execPath, ["infra/local/start.ts"], {
    cwd: root,
    env: { ...inherited, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const killGroup = () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
  };
  cleanup.add(`npm start (pid ${child.pid})`, killGroup);
  const ready = await waitUntil(
    () => output.includes("listening on") || child.exitCode !== null,
    90_000,
    100,
  );
  if (!ready || child.exitCode !== null) {
    killGroup();
    throw new Error(`npm start did not come up:\n${output.slice(-2000)}`);
  }
  const javaPid = /DynamoDB Local: .*\(pid (\d+)/.exec(output)?.[1];
  return { child, javaPid: javaPid ? Number(javaPid) : undefined, exited, output: () => output };
}

export async function faultStackRestart(cleanup: Cleanup): Promise<ScenarioResult> {
  const verdict = new Verdict("the local stack SIGKILLed with deliveries pending, then restarted");
  const dataDir = await mkdtemp(join(tmpdir(), "ait-faults-stack-"));
  cleanup.add("fault 2 data dir", () => rm(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const adminKey = generateApiKey();
  const env = {
    PORT: String(port),
    DATA_DIR: dataDir,
    TRACKER_ADMIN_KEY: adminKey,
    SEED: "false",
    WEBHOOK_RETRY_SCHEDULE: "1s,1s,2s,2s,5s,5s,5s",
    WEBHOOK_TIMEOUT: "5s",
    RATE_LIMIT_PER_MINUTE: "1000000000",
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: "1000000000",
  };
  const url = assertLoopback(`http://127.0.0.1:${port}`);

  const receiver = await startReceiver();
  cleanup.add("receiver", receiver.close);
  const firstSeen = new Set<string>();
  const deliveredFor = new Map<string, number>();
  const idsFor = new Map<string, Set<string>>();
  receiver.respond = (request) => {
    const webhookId = String(request.headers["webhook-id"]);
    const commitment = request.payload?.data?.commitment?.id as string | undefined;
    if (commitment) idsFor.set(commitment, (idsFor.get(commitment) ?? new Set()).add(webhookId));
    if (!firstSeen.has(webhookId)) {
      firstSeen.add(webhookId);
      return { status: 503 };
    }
    if (commitment) deliveredFor.set(commitment, (deliveredFor.get(commitment) ?? 0) + 1);
    return { status: 204 };
  };

  let stack = await startStack(cleanup, env);
  let api = httpClient(url, { key: adminKey, timeoutMs: 60_000 });
  try {
    const subscribed = await api("POST", "/webhooks", {
      body: { url: `${receiver.url}/hooks`, events: ["commitment.created"] },
    });
    if (subscribed.status !== 201)
      throw new Error(`POST /webhooks answered ${subscribed.status}: ${subscribed.text}`);
    receiver.secrets = [subscribed.json.secret as string];

    const ids: string[] = [];
    const items = generatedCommitments(EVENTS);
    for (let start = 0; start < EVENTS; start += 100) {
      const response = await api("POST", "/commitments/batch", {
        body: { items: items.slice(start, start + 100) },
      });
      for (const result of (response.json?.results ?? []) as { id?: string }[])
        if (result.id) ids.push(result.id);
    }
    await waitUntil(() => receiver.received.length >= KILL_AFTER_REQUESTS, 60_000, 10);
    const killedJava = stack.javaPid;
    process.kill(-(stack.child.pid as number), "SIGKILL");
    await stack.exited;
    api.close();
    const atKill = {
      received: receiver.received.length,
      delivered: deliveredFor.size,
      firstAttempts: firstSeen.size,
    };
    verdict.figures.atKill = atKill;
    await sleep(500);
    verdict.check(
      "killed with deliveries pending and events unread",
      ids.length === EVENTS && atKill.delivered < EVENTS && !alive(killedJava),
      `${ids.length} commitments created; at the kill ${atKill.firstAttempts} events had a failed first attempt and ${atKill.delivered} were delivered; java ${alive(killedJava) ? "still running" : "gone"}`,
    );

    const restartedAt = performance.now();
    stack = await startStack(cleanup, env);
    api = httpClient(url, { key: adminKey, timeoutMs: 60_000 });
    const complete = await waitUntil(() => ids.every((id) => deliveredFor.has(id)), 120_000, 100);
    verdict.figures.secondsToCompleteAfterRestart = (performance.now() - restartedAt) / 1000;
    const lost = ids.filter((id) => !deliveredFor.has(id));
    const duplicated = [...deliveredFor.values()].filter((count) => count > 1).length;
    verdict.figures.duplicatedDeliveries = duplicated;
    verdict.check(
      "after the restart every event is delivered: none lost",
      complete && lost.length === 0,
      `${EVENTS - lost.length}/${EVENTS} delivered ${Math.round((performance.now() - restartedAt) / 1000)} s after the restart; ${duplicated} delivered more than once (at-least-once after a crash)`,
    );
    const changedId = ids.filter((id) => (idsFor.get(id)?.size ?? 0) !== 1);
    verdict.check(
      "every retry kept its webhook-id",
      changedId.length === 0,
      `${changedId.length} events arrived under more than one webhook-id`,
    );
    const unverified = receiver.received.filter((entry) => entry.verifiedWith < 0).length;
    verdict.check(
      "every request verified with the subscription's secret",
      unverified === 0,
      `${unverified} unverified`,
    );

    api.close();
    const javaPid = stack.javaPid;
    process.kill(stack.child.pid as number, "SIGINT");
    const code = await Promise.race([stack.exited, sleep(30_000).then(() => "timeout" as const)]);
    await sleep(200);
    verdict.check(
      "the restarted stack stops on SIGINT, exit 0, no java left",
      code === 0 && !alive(javaPid),
      `exit ${code}; java ${alive(javaPid) ? `pid ${javaPid} still running` : "gone"}`,
    );
    return verdict.result();
  } finally {
    api.close();
    if (stack.child.exitCode === null && stack.child.signalCode === null)
      try {
        process.kill(-(stack.child.pid as number), "SIGKILL");
      } catch {
        // already gone
      }
    await receiver.close();
  }
}
