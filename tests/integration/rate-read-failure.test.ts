/**
 * A rate read that fails (a throttle, an unreachable table) fails the write that needed it, as an error its caller
 * handles: never as an unhandled rejection, which would end the process (a Lambda invocation, the local server).
 */
import { afterEach, beforeEach, expect, test } from "vitest";
import { createCommitments } from "../../shared/commitments/batch.ts";
import type { Deps } from "../../shared/deps.ts";
import { recordRate } from "../../shared/store/fx-rates.ts";
import { keys } from "../../shared/table/keys.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput } from "../support/fixtures.ts";
import { failing, isQueryOf } from "../support/gate.ts";

let deps: Deps;
const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);

beforeEach(async () => {
  deps = await testDeps();
  unhandled.length = 0;
  process.on("unhandledRejection", record);
});
afterEach(() => {
  process.off("unhandledRejection", record);
});

const rateQuery = isQueryOf(keys.fxPartition("EUR"));
const epochRead = (command: { constructor: { name: string }; input: Record<string, unknown> }) =>
  command.constructor.name === "BatchGetCommand" &&
  JSON.stringify(command.input).includes(`"${keys.fxEpoch("EUR").pk}"`);

test.each([
  ["its rates", rateQuery],
  ["its rates' epoch", epochRead],
])("a batch whose read of %s fails rejects once, leaving no rejection unhandled", async (_, when) => {
  await recordRate(deps, "EUR", "2025-01-01", { usdPerUnit: "1.1", kind: "market", source: "desk" }, "test");
  const euros = (announcedOn: string) =>
    commitmentInput({ announcedOn, amount: { currency: "EUR", value: "1000000", qualifier: "exact" } });
  const throttled = failing(
    deps,
    when,
    Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }),
  );

  const outcome = await createCommitments(throttled, [euros("2025-02-01"), euros("2025-03-01")], {
    allowDuplicate: true,
  }).catch((error: Error) => error.name);
  // Rejections are reported after the microtasks that could still handle them.
  await new Promise((resolve) => setTimeout(resolve, 50));

  expect({ outcome, unhandled: unhandled.map((reason) => (reason as Error).name) }).toEqual({
    outcome: "ThrottlingException",
    unhandled: [],
  });
});
