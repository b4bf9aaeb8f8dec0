/**
 * A subscription's party filter names parties as readers do, by a slug, a name or an alias in any script (as
 * `?party=` does in the listing); events are matched on their records' party slugs, so the filter is stored as the
 * slugs the registry gives. It used to be matched on the slug of the spelling: a filter of "소프트뱅크" matched
 * nothing SoftBank Group did, and its subscriber was never told.
 */
import { expect, it } from "vitest";
import { commitmentInput as schema } from "../../shared/commitments/schema.ts";
import { createCommitment } from "../../shared/commitments/writes.ts";
import { registerParty } from "../../shared/parties/registry.ts";
import { matchesFilter } from "../../shared/webhooks/events.ts";
import { createWebhook, patchWebhook } from "../../shared/webhooks/subscribe.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput } from "../support/fixtures.ts";

it("matches a party filter given by an alias or another name of the party", async () => {
  const deps = await testDeps({ webhooks: { allowPrivate: true, allowHttp: true } });
  await registerParty(deps, "softbank-group", {
    name: "SoftBank Group",
    kind: "company",
    aliases: ["소프트뱅크", "SoftBank Group Corp."],
  });
  const { commitment } = await createCommitment(
    deps,
    schema.parse(commitmentInput({ parties: [{ name: "SoftBank Group Corp.", role: "funder" }] })),
  );
  const webhook = await createWebhook(deps, {
    url: "http://127.0.0.1:9/hook",
    events: ["commitment.created"],
    enabled: true,
    filter: { parties: ["소프트뱅크", "Unregistered Fund"] },
  });
  const patched = await patchWebhook(deps, webhook.id, {
    filter: { parties: ["SoftBank Group Corp.", "softbank-group", "SoftBank Group"] },
  });
  deps.db.destroy();

  expect(commitment.parties.map((party) => party.slug)).toEqual(["softbank-group"]);
  expect(webhook.filter?.parties).toEqual(["softbank-group", "unregistered-fund"]);
  expect(matchesFilter(commitment, webhook.filter)).toBe(true);
  expect(patched.filter?.parties).toEqual(["softbank-group"]);
  expect(matchesFilter(commitment, patched.filter)).toBe(true);
});
