/**
 * Fault 4: a webhook receiver that never answers. The local stack (stream poller + retry job, the deployed
 * handlers, the SPEC's 15 s timeout) sends to it and to a healthy receiver; commitments are created one every
 * two seconds; the first of them also goes to the hanging endpoint. Passes when that attempt ends as a timeout at
 * 15 s and is retried with the same webhook-id, and the healthy endpoint gets every event within a few seconds of
 * its write, whatever the other does.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatedCommitment } from "../bench/generate.ts";
import {
  type Cleanup,
  freshDeps,
  httpClient,
  sleep,
  startDynamo,
  startStack,
  waitUntil,
} from "../bench/harness.ts";
import { startReceiver } from "../support/receiver.ts";
import { type ScenarioResult, Verdict } from "./scenario.ts";

const TIMEOUT_MS = 15_000;
const EVENTS = 6;
const EVERY_MS = 2_000;
/** How late the healthy endpoint may get an event and still count as not delayed. */
const HEALTHY_WITHIN_MS = 5_000;
/** First retry after this (the SPEC's first step is 5 s; shortened so the run stays short). */
const RETRY_AFTER_MS = 2_000;

export async function faultHangingReceiver(cleanup: Cleanup): Promise<ScenarioResult> {
  const verdict = new Verdict("a webhook receiver that never answers");
  const dynamodb = await startDynamo(cleanup, { path: null });
  const deps = await freshDeps(dynamodb.endpoint, {
    webhooks: {
      allowPrivate: true,
      allowHttp: true,
      timeoutMs: TIMEOUT_MS,
      retrySchedule: [RETRY_AFTER_MS, 60_000, 60_000],
    },
  });
  const dataDir = await mkdtemp(join(tmpdir(), "ait-faults-hang-"));
  cleanup.add("fault 4 data dir", () => rm(dataDir, { recursive: true, force: true }));
  const stack = await startStack(cleanup, deps, { background: { endpoint: dynamodb.endpoint, dataDir } });
  const hanging = await startReceiver();
  const healthy = await startReceiver();
  cleanup.add("hanging receiver", hanging.close);
  cleanup.add("healthy receiver", healthy.close);
  const arrivedAt = new Map<string, number>();
  const healthyRespond = healthy.respond;
  healthy.respond = (request) => {
    const id = request.payload?.data?.commitment?.id as string | undefined;
    if (id && !arrivedAt.has(id)) arrivedAt.set(id, performance.now());
    return healthyRespond(request);
  };
  const hangingAt: { at: number; webhookId: string }[] = [];
  hanging.respond = (request) => {
    hangingAt.push({ at: performance.now(), webhookId: String(request.headers["webhook-id"]) });
    return { status: 0, hang: true };
  };
  const api = httpClient(stack.url, { key: stack.adminKey });
  try {
    const subscribe = async (url: string, filter?: Record<string, unknown>) => {
      const response = await api("POST", "/webhooks", {
        body: { url, events: ["commitment.created"], ...(filter ? { filter } : {}) },
      });
      if (response.status !== 201)
        throw new Error(`POST /webhooks answered ${response.status}: ${response.text}`);
      return response.json as { id: string; secret: string };
    };
    // Only the first event (the one commitment in US) goes to the hanging endpoint, so its retry comes on schedule.
    const stuck = await subscribe(`${hanging.url}/hang`, { countries: ["US"] });
    const fine = await subscribe(`${healthy.url}/ok`);
    hanging.secrets = [stuck.secret];
    healthy.secrets = [fine.secret];

    const written = new Map<string, number>();
    for (let index = 0; index < EVENTS; index++) {
      const response = await api("POST", "/commitments", { body: generatedCommitment(index) });
      if (response.status !== 201) throw new Error(`create answered ${response.status}`);
      written.set(response.json.id as string, performance.now());
      await sleep(EVERY_MS);
    }
    await waitUntil(() => arrivedAt.size >= EVENTS, 30_000);
    const delays = [...written].map(([id, at]) =>
      arrivedAt.has(id) ? (arrivedAt.get(id) as number) - at : Number.POSITIVE_INFINITY,
    );
    const worst = Math.max(...delays);
    verdict.figures.healthyDelaysMs = delays.map((delay) =>
      Number.isFinite(delay) ? Math.round(delay) : null,
    );
    verdict.check(
      `the healthy endpoint gets every event within ${HEALTHY_WITHIN_MS / 1000} s of its write`,
      worst <= HEALTHY_WITHIN_MS,
      `delays ${delays.map((delay) => (Number.isFinite(delay) ? `${(delay / 1000).toFixed(1)} s` : "never")).join(", ")}`,
    );

    // The first event's attempts at the hanging endpoint: one timing out at 15 s, then a retry with the same id.
    const firstId = hangingAt[0]?.webhookId;
    await waitUntil(
      () => hangingAt.filter((entry) => entry.webhookId === firstId).length >= 2,
      TIMEOUT_MS + RETRY_AFTER_MS * 2 + 10_000,
      100,
    );
    const deliveries = await api("GET", `/webhooks/${stuck.id}/deliveries?limit=100`);
    const delivery = (deliveries.json?.items ?? []).find((item: { id: string }) => item.id === firstId) as
      | {
          attempts: { durationMs: number; error?: string; status?: number }[];
          status: string;
          attemptCount: number;
        }
      | undefined;
    const first = delivery?.attempts[0];
    const attempts = hangingAt.filter((entry) => entry.webhookId === firstId);
    verdict.figures.hangingAttempts = delivery?.attempts ?? null;
    verdict.check(
      `an attempt at the hanging endpoint ends as a timeout after ${TIMEOUT_MS / 1000} s`,
      first !== undefined &&
        first.status === undefined &&
        first.durationMs >= TIMEOUT_MS - 500 &&
        first.durationMs <= TIMEOUT_MS + 3_000 &&
        /time/i.test(first.error ?? ""),
      first
        ? `first attempt: ${first.durationMs} ms, ${first.error ?? `status ${first.status}`}`
        : "no attempt logged",
    );
    const gap =
      attempts.length >= 2
        ? (attempts[1] as { at: number }).at - (attempts[0] as { at: number }).at
        : undefined;
    verdict.check(
      "it is retried, with the same webhook-id",
      gap !== undefined && gap >= TIMEOUT_MS,
      gap === undefined
        ? `only ${attempts.length} request(s) with webhook-id ${firstId} arrived`
        : `second request with the same webhook-id ${(gap / 1000).toFixed(1)} s after the first (timeout + retry delay ${RETRY_AFTER_MS / 1000} s)`,
    );
    return verdict.result();
  } finally {
    api.close();
    // The hanging requests are cut when the receiver closes; the stack then stops without waiting 15 s more.
    await hanging.close();
    await healthy.close();
    await stack.close();
    deps.db.destroy();
    await dynamodb.stop();
  }
}
