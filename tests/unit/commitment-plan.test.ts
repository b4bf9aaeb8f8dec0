/** "Offline" tests: the transaction a change would send, without a database. */
import { describe, expect, test } from "vitest";
import { toCommitmentItem } from "../../shared/commitments/items.ts";
import { newPlan, planChange } from "../../shared/commitments/plan.ts";
import {
  type Commitment,
  commitmentInput,
  commitmentSchema,
  withSlugs,
} from "../../shared/commitments/schema.ts";
import { commitmentInput as fixture } from "../support/fixtures.ts";

function record(overrides: Record<string, unknown> = {}, version = 1): Commitment {
  const input = commitmentInput.parse(fixture(overrides));
  return commitmentSchema.parse({
    ...input,
    id: "cmt_01JJ0000000000000000000001",
    parties: withSlugs(input.parties),
    amountUsd: null,
    version,
    createdAt: "2025-01-03T00:00:00.000Z",
    updatedAt: "2025-01-03T00:00:00.000Z",
  });
}

const revision = (version: number) => ({
  version,
  at: "2025-02-01T00:00:00.000Z",
  change: "updated" as const,
  fields: {},
});

describe("planChange", () => {
  test("an update conditions the record on the version it read", () => {
    const before = toCommitmentItem(record(), { childCount: 0 });
    const plan = newPlan();
    planChange(plan, 0, {
      before,
      after: record({ status: "planned" }, 2),
      revision: revision(2),
      fingerprint: undefined,
      coveredAfter: false,
    });
    const update = plan.toInput("t").TransactItems?.[0]?.Update;
    expect([update?.ConditionExpression, update?.ExpressionAttributeValues?.[":seen"]]).toEqual([
      "#version = :seen AND #covered = :covered",
      1,
    ]);
  });

  test("an update rewrites the list entries that carry the record, and leaves the lookup entries alone", () => {
    const before = toCommitmentItem(record(), { childCount: 0 });
    const plan = newPlan();
    planChange(plan, 0, {
      before,
      after: { ...before.record, tags: ["x"], version: 2 },
      revision: revision(2),
      fingerprint: undefined,
      coveredAfter: false,
    });
    const entries = plan
      .list()
      .flatMap(({ operation, role }) =>
        role === "entry" && operation.kind === "put" ? [String(operation.item.pk).split("#")[1]] : [],
      );
    expect(entries.sort()).toEqual(["all", "category", "confidence", "country", "party", "status"]);
  });

  test("a status change moves the status entry and refreshes the others", () => {
    const before = toCommitmentItem(record(), { childCount: 0 });
    const plan = newPlan();
    planChange(plan, 0, {
      before,
      after: { ...before.record, status: "planned", version: 2 },
      revision: revision(2),
      fingerprint: undefined,
      coveredAfter: false,
    });
    const deleted = plan
      .toInput("t")
      .TransactItems?.flatMap((item) => (item.Delete ? [item.Delete.Key?.pk] : []));
    expect(deleted).toEqual(["LIST#status#announced"]);
  });

  test("deleting a record conditions on its version and on having no parts", () => {
    const before = toCommitmentItem(record(), { childCount: 0 });
    const plan = newPlan();
    planChange(plan, 0, {
      before,
      after: undefined,
      revision: { ...revision(2), change: "deleted" },
      fingerprint: undefined,
      coveredAfter: false,
    });
    expect(plan.toInput("t").TransactItems?.[0]?.Delete?.ConditionExpression).toBe(
      "#version = :seen AND #covered = :covered AND (attribute_not_exists(#children) OR #children = :none)",
    );
  });

  test("party counts from several records merge into one update per party", () => {
    const plan = newPlan();
    for (const index of [0, 1]) {
      const after = {
        ...record({ parties: [{ name: "Shared", role: "funder" }] }),
        id: `cmt_01JJ000000000000000000000${index}`,
      };
      planChange(plan, index, {
        before: undefined,
        after,
        revision: { ...revision(1), change: "created" },
        fingerprint: undefined,
        coveredAfter: false,
      });
    }
    const party = plan.toInput("t").TransactItems?.find((item) => item.Update?.Key?.pk === "PARTIES");
    expect(party?.Update?.ExpressionAttributeValues?.[":c0"]).toBe(2);
  });
});
