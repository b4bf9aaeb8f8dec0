/**
 * The aggregates kept on write equal the ones recomputed from the records, whatever happened: random sequences of
 * creates, updates, deletes, FX rates and parent links, some run by concurrent writers.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { aggregatesCheck } from "../support/aggregates.ts";
import { testDeps } from "../support/dynamo.ts";
import { apply, operation } from "../support/ledger-operations.ts";

test("aggregates equal totals recomputed from the records, with sequential and concurrent writers", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(operation, { minLength: 1, maxLength: 3 }), { minLength: 3, maxLength: 10 }),
      async (rounds) => {
        const deps = await testDeps();
        const ids: string[] = [];
        // Each round's operations run at once: concurrent writers on the same records, parents and aggregates.
        for (const round of rounds) await Promise.all(round.map((op) => apply(deps, ids, op)));
        const { stored, expected } = await aggregatesCheck(deps);
        deps.db.destroy();
        expect(stored).toEqual(expected);
      },
    ),
    { numRuns: 12, endOnFailure: true },
  );
}, 180_000);
