/**
 * A commitment is stored several times over (list entries' copies, a revision with each changed field before and
 * after), so its size is bounded: the largest one the schema takes must fit DynamoDB's 400 KB items and 4 MB
 * transactions whatever the change, and a listing page of 100 of them Lambda's 6 MB response.
 */
import { beforeAll, expect, test } from "vitest";
import { listQuery } from "../../shared/commitments/listing.ts";
import { listCommitments } from "../../shared/commitments/reads.ts";
import { commitmentInput, MAX_COMMITMENT_BYTES } from "../../shared/commitments/schema.ts";
import { createCommitment, patchCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import { testDeps } from "../support/dynamo.ts";
import { largeCommitmentInput } from "../support/fixtures.ts";

let deps: Deps;
beforeAll(async () => {
  deps = await testDeps();
});

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

test("the largest commitment the schema takes is recorded, changed whole and listed within the limits", async () => {
  const input = largeCommitmentInput({ bytes: MAX_COMMITMENT_BYTES, parties: 20, tag: "first" });
  expect(bytes(input)).toBeGreaterThan(MAX_COMMITMENT_BYTES * 0.85);

  const { commitment } = await createCommitment(deps, commitmentInput.parse(input), { allowDuplicate: true });
  // Every large field replaced at once: the revision holds all of them twice.
  const other = largeCommitmentInput({ bytes: MAX_COMMITMENT_BYTES, parties: 20, tag: "other" });
  const { title, description, sources, location } = other;
  const changed = await patchCommitment(
    deps,
    commitment.id,
    { title, description, sources, location },
    { expectedVersion: 1, allowDuplicate: true },
  );

  expect(changed.version).toBe(2);
  const page = await listCommitments(deps, listQuery.parse({ limit: "100" }));
  const stored = page.items.find((item) => item.id === commitment.id);
  expect(stored?.title).toBe(title);
  // A page of 100 such records, as Lambda returns it (the body a JSON string inside JSON), within 6 MB.
  expect(100 * JSON.stringify(JSON.stringify(stored)).length).toBeLessThan(6 * 1024 * 1024);
});

test("refuses a commitment larger than a record may be, naming its size", () => {
  const input = largeCommitmentInput({ bytes: 4 * MAX_COMMITMENT_BYTES, parties: 20 });

  const result = commitmentInput.safeParse(input);

  expect(result.success).toBe(false);
  expect(result.error?.issues.map((issue) => issue.message)).toEqual([
    expect.stringMatching(/^the commitment is \d+ KB as JSON, more than the 32 KB a record may hold/),
  ]);
});
