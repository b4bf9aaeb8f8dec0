import { beforeAll, describe, expect, test } from "vitest";
import { createCommitments } from "../../shared/commitments/batch.ts";
import { getCommitmentItem } from "../../shared/commitments/reads.ts";
import { createCommitment, patchCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import type { ValidationError } from "../../shared/errors.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput, parsedCommitment } from "../support/fixtures.ts";

const PARTS = 40;
let deps: Deps;
let wholeId: string;

beforeAll(async () => {
  deps = await testDeps();
  const { commitment } = await createCommitment(deps, parsedCommitment({ amount: undefined }));
  wholeId = commitment.id;
  // Parts of their own parties, countries and categories: each moves its own aggregate items in the totals.
  const countries = ["US", "KR", "FR", "DE", "JP", "GB", "IN", "CA", "AE", "SA"];
  const categories = ["data-center", "compute", "energy", "chips"];
  const parts = Array.from({ length: PARTS }, (_, index) =>
    commitmentInput({
      parentId: wholeId,
      location: { country: countries[index % countries.length] },
      categories: [categories[index % categories.length]],
    }),
  );
  const results = await createCommitments(deps, parts, { allowDuplicate: true });
  if (results.some((result) => result.result !== "created")) throw new Error("a part was not created");
}, 120_000);

describe("a whole with more parts than one transaction can move", () => {
  test("gaining an amount is a 422 that names its parts as the cause, and changes nothing", async () => {
    const error = await patchCommitment(
      deps,
      wholeId,
      { amount: { currency: "USD", value: "500000000000", qualifier: "at-least" } },
      { expectedVersion: 1 },
    ).catch((caught: unknown) => caught);
    const after = await getCommitmentItem(deps, wholeId);

    expect({
      type: (error as Error).constructor.name,
      status: (error as ValidationError).status,
      namesParts: (error as Error).message.includes(`${PARTS} parts`),
      blamesParties: (error as Error).message.includes("fewer parties"),
      version: after?.version,
    }).toEqual({ type: "ValidationError", status: 422, namesParts: true, blamesParties: false, version: 1 });
  });
});
