/**
 * Webhook signing secrets at rest (issue 12, defect 10): the table holds them sealed under the webhook secret
 * key, never in plain text, and deliveries signed with them still verify with `standardwebhooks`; a subscription
 * stored before sealing existed keeps signing and is sealed by `sealPlainSecrets` (what `npm start` runs).
 */
import { ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import type { Deps } from "../../shared/deps.ts";
import { keys } from "../../shared/table/keys.ts";
import { pingWebhook } from "../../shared/webhooks/replay.ts";
import {
  requireWebhook,
  rotateWebhookSecret,
  sealPlainSecrets,
} from "../../shared/webhooks/subscriptions.ts";
import { useSubscribedReceivers } from "../support/subscribed.ts";

const setUp = useSubscribedReceivers();

/** Every item of the table, as DynamoDB returns it, in one string. */
async function tableText(deps: Deps): Promise<string> {
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.send(new ScanCommand({ TableName: deps.tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(items);
}

/** The secret's random part: what would show in the table if it were kept as it is, or as its base64 bytes. */
const traces = (secret: string) => [
  secret.slice("whsec_".length),
  Buffer.from(secret.slice(6), "base64").toString("hex"),
];

describe("webhook secrets at rest", () => {
  it("keeps no secret in plain text, and what it sends still verifies", async () => {
    const { deps, hooks, webhook } = await setUp();
    const first = webhook.secret as string;
    const rotated = await rotateWebhookSecret(deps, webhook.id);
    const second = rotated.secret as string;
    hooks.secrets = [second, first];

    await pingWebhook(deps, webhook.id);
    await hooks.waitFor((received) => received.length === 1);

    const text = await tableText(deps);
    for (const secret of [first, second])
      for (const trace of traces(secret)) expect(text, "the table holds a secret").not.toContain(trace);
    const [request] = hooks.received;
    expect({
      verifiedWith: request?.verifiedWith,
      signatures: String(request?.headers["webhook-signature"]).split(" ").length,
    }).toEqual({ verifiedWith: 0, signatures: 2 });
  });

  it("signs with a plain-text secret from before sealing, then seals it", async () => {
    const { deps, hooks, webhook } = await setUp();
    const legacy = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw2ITOyt2oz7A=";
    const createdAt = new Date().toISOString();
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.webhookLookup(webhook.id),
        UpdateExpression: "SET secrets = :secrets",
        ExpressionAttributeValues: { ":secrets": [{ value: legacy, createdAt }] },
      }),
    );
    hooks.secrets = [legacy];

    await pingWebhook(deps, webhook.id);
    const sealedCount = await sealPlainSecrets(deps);
    const again = await sealPlainSecrets(deps);
    await pingWebhook(deps, webhook.id);
    await hooks.waitFor((received) => received.length === 2);

    const stored = (await requireWebhook(deps, webhook.id)).secrets;
    expect({
      sealedCount,
      again,
      verified: hooks.received.map((request) => request.verifiedWith),
      plain: stored.map((secret) => secret.value),
      createdAt: stored.map((secret) => secret.createdAt),
    }).toEqual({ sealedCount: 1, again: 0, verified: [0, 0], plain: [undefined], createdAt: [createdAt] });
    for (const trace of traces(legacy)) expect(await tableText(deps)).not.toContain(trace);
  });

  it("answers a failed attempt, naming no secret, when the key cannot open it", async () => {
    const { deps, hooks, webhook } = await setUp();
    const delivery = await pingWebhook(
      { ...deps, webhookSecretKey: `${deps.webhookSecretKey}x` },
      webhook.id,
    );
    expect(hooks.received).toHaveLength(0);
    expect(delivery.attempts.at(-1)?.error).toMatch(/does not open with the configured webhook secret key/);
    expect(JSON.stringify(delivery)).not.toContain((webhook.secret as string).slice(6));
  });
});
