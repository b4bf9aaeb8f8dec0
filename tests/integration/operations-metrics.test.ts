/**
 * The counts behind the deployed metrics (shared/lambda/metrics.ts), made by the code that does the work: each
 * webhook attempt is a delivery or a delivery failure, each summary the cron stores is one generated.
 */
import { afterEach, describe, expect, it } from "vitest";
import { handler as scheduledSummary } from "../../functions/summaries/scheduled.ts";
import type { Deps, MetricName } from "../../shared/deps.ts";
import { pingWebhook } from "../../shared/webhooks/replay.ts";
import { testDeps } from "../support/dynamo.ts";
import { type Receiver, subscribedReceiver } from "../support/receiver.ts";

const opened: { deps: Deps; hooks?: Receiver }[] = [];

afterEach(async () => {
  for (const { deps, hooks } of opened.splice(0)) {
    await hooks?.close();
    deps.db.destroy();
  }
});

/** Deps whose counts land in a list, as a Lambda entry's land in Powertools Metrics. */
async function countingDeps(): Promise<{ deps: Deps; counted: MetricName[] }> {
  const counted: MetricName[] = [];
  const base = await testDeps({ webhooks: { allowPrivate: true, allowHttp: true, timeoutMs: 2_000 } });
  const deps: Deps = { ...base, count: (metric, value = 1) => counted.push(...Array(value).fill(metric)) };
  opened.push({ deps });
  return { deps, counted };
}

describe("operations metrics", () => {
  it("counts a delivered attempt and a failed one", async () => {
    const { deps, counted } = await countingDeps();
    const { hooks, webhook } = await subscribedReceiver(deps);
    opened.push({ deps, hooks });

    await pingWebhook(deps, webhook.id);
    hooks.respond = () => ({ status: 500 });
    await pingWebhook(deps, webhook.id);

    expect(counted).toEqual(["WebhookDeliveries", "WebhookDeliveryFailures"]);
  });

  it("counts a summary the cron stores, and not a rerun that changes nothing", async () => {
    const { deps, counted } = await countingDeps();
    const run = scheduledSummary.withDeps(deps);

    const first = await run({ period: "weekly" });
    const again = await run({ period: "weekly" });

    expect([first.outcome, again.outcome, counted]).toEqual(["created", "unchanged", ["SummariesGenerated"]]);
  });
});
