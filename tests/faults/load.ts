/**
 * Fault 3: 200 concurrent clients (keep-alive connections) for 30 s against the local stack, mixing reads,
 * creates and patches with If-Match on a small hot set (so patches race). Passes with zero 5xx and zero failed
 * requests, every successful PATCH visible in the record's revisions (no lost update), every record's revisions
 * contiguous, and the aggregates equal to the records at the end. 412s are the expected answer to a lost race.
 */
import { generatedCommitments } from "../bench/generate.ts";
import {
  type Cleanup,
  freshDeps,
  type HttpResult,
  httpClient,
  mapLimit,
  percentile,
  startDynamo,
  startStack,
} from "../bench/harness.ts";
import { checkLedger, describeCheck } from "./ledger-check.ts";
import { type ScenarioResult, Verdict } from "./scenario.ts";

const CLIENTS = 200;
const DURATION_MS = 30_000;
const SEEDED = 200;
/** Patches aim at this many records, so that many of them race on one version. */
const HOT = 20;

interface Patched {
  id: string;
  version: number;
  tag: string;
}

export async function faultLoad(cleanup: Cleanup): Promise<ScenarioResult> {
  const verdict = new Verdict(
    `${CLIENTS} concurrent clients for ${DURATION_MS / 1000} s: reads, creates, patches`,
  );
  const dynamodb = await startDynamo(cleanup, { path: null });
  const deps = await freshDeps(dynamodb.endpoint);
  const stack = await startStack(cleanup, deps);
  const api = httpClient(stack.url, { key: stack.adminKey, maxSockets: CLIENTS, timeoutMs: 120_000 });
  try {
    const seeded: string[] = [];
    const items = generatedCommitments(SEEDED);
    for (let start = 0; start < SEEDED; start += 100) {
      const response = await api("POST", "/commitments/batch", {
        body: { items: items.slice(start, start + 100) },
      });
      for (const result of response.json.results as { id?: string }[]) if (result.id) seeded.push(result.id);
    }
    const hot = seeded.slice(0, HOT);

    const statuses: Record<string, number> = {};
    const failures: string[] = [];
    const latencies: number[] = [];
    const patched: Patched[] = [];
    const created: string[] = [];
    let nextCreate = SEEDED;
    const count = (kind: string, response: HttpResult) => {
      const key = `${kind} ${response.status}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (response.status >= 500) failures.push(`${key}: ${response.text.slice(0, 200)}`);
    };
    const timed = async (kind: string, send: () => Promise<HttpResult>): Promise<HttpResult | undefined> => {
      const started = performance.now();
      try {
        const response = await send();
        latencies.push(performance.now() - started);
        count(kind, response);
        return response;
      } catch (error) {
        failures.push(`${kind}: ${(error as Error).message}`);
        return undefined;
      }
    };
    const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)] as T;

    const deadline = Date.now() + DURATION_MS;
    const client = async (index: number) => {
      for (let round = 0; Date.now() < deadline; round++) {
        const roll = Math.random();
        if (roll < 0.35) await timed("GET one", () => api("GET", `/commitments/${pick(seeded)}`));
        else if (roll < 0.5)
          await timed("GET list", () =>
            api("GET", `/commitments?country=${pick(["US", "KR", "FR", "JP"])}&limit=25`),
          );
        else if (roll < 0.7) {
          const item = generatedCommitments(1, { from: nextCreate++ })[0];
          const response = await timed("POST", () => api("POST", "/commitments", { body: item }));
          if (response?.status === 201) created.push(response.json.id as string);
        } else {
          const id = pick(hot);
          const current = await timed("GET one", () => api("GET", `/commitments/${id}`));
          if (current?.status !== 200) continue;
          const tag = `c${index}-r${round}`;
          const response = await timed("PATCH", () =>
            api("PATCH", `/commitments/${id}`, {
              body: { tags: ["load", tag] },
              headers: {
                "content-type": "application/merge-patch+json",
                "if-match": `"${current.json.version}"`,
              },
            }),
          );
          if (response?.status === 200) patched.push({ id, version: response.json.version as number, tag });
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));
    const seconds = (performance.now() - started) / 1000;

    const total = Object.values(statuses).reduce((sum, n) => sum + n, 0);
    const fiveXx = Object.entries(statuses)
      .filter(([key]) => Number(key.split(" ").at(-1)) >= 500)
      .reduce((sum, [, n]) => sum + n, 0);
    verdict.figures.requests = total;
    verdict.figures.requestsPerSecond = total / seconds;
    verdict.figures.p50Ms = percentile(latencies, 50);
    verdict.figures.p99Ms = percentile(latencies, 99);
    verdict.figures.statuses = statuses;
    verdict.figures.creates = created.length;
    verdict.figures.successfulPatches = patched.length;
    verdict.check(
      "zero 5xx and no failed request",
      fiveXx === 0 && failures.length === 0,
      `${total} requests in ${Math.round(seconds)} s (${Math.round(total / seconds)}/s, p50 ${Math.round(percentile(latencies, 50))} ms, p99 ${Math.round(percentile(latencies, 99))} ms): ${JSON.stringify(statuses)}${failures.length ? `; failures: ${failures.slice(0, 3).join(" | ")}` : ""}`,
    );

    // Every 200 PATCH is one revision with its tag; every record's history is 1..version without a gap.
    const histories = new Map<string, { version: number; tags: unknown }[]>();
    await mapLimit(hot, 8, async (id) => {
      const revisions: { version: number; fields: { tags?: { to?: unknown } } }[] = [];
      let cursor: string | null = null;
      do {
        const page: HttpResult = await api(
          "GET",
          `/commitments/${id}/revisions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        revisions.push(...page.json.items);
        cursor = page.json.nextCursor;
      } while (cursor);
      histories.set(
        id,
        revisions.map((revision) => ({ version: revision.version, tags: revision.fields.tags?.to })),
      );
    });
    const lost = patched.filter(({ id, version, tag }) => {
      const revision = histories.get(id)?.find((entry) => entry.version === version);
      return !(Array.isArray(revision?.tags) && revision.tags.includes(tag));
    });
    const gaps = [...histories].filter(([, revisions]) => {
      const versions = revisions.map((revision) => revision.version).sort((a, b) => a - b);
      return versions.some((version, index) => version !== index + 1);
    });
    const extra =
      [...histories].reduce((sum, [, revisions]) => sum + revisions.length - 1, 0) - patched.length;
    verdict.check(
      "no lost update: every successful PATCH is the revision of the version it answered",
      lost.length === 0 && gaps.length === 0 && extra === 0,
      `${patched.length} successful patches on ${HOT} hot records; ${lost.length} not in the revisions, ${gaps.length} histories with gaps, ${extra} revisions no PATCH answered for`,
    );
    const ledger = await checkLedger(deps);
    verdict.figures.ledger = ledger;
    verdict.check(
      "aggregates equal the records at the end",
      ledger.ok && ledger.commitments === SEEDED + created.length,
      `${describeCheck(ledger)}; expected ${SEEDED + created.length} commitments`,
    );
    return verdict.result();
  } finally {
    api.close();
    await stack.close();
    deps.db.destroy();
    await dynamodb.stop();
  }
}
