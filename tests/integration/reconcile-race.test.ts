/**
 * `reconcile --repair` used to read the records and the stored aggregates at two different moments, and conditioned
 * its repair on the aggregates alone. A commitment written after the records were read and before the aggregates
 * were read makes the stored aggregates differ from the "expected" ones (which lack the new record); the repair's
 * condition (the aggregates as read, new record included) held, and the repair took the new record's money out
 * of the totals. It now reads the aggregates before and after the records and leaves an item that moved between
 * the two for a rerun.
 */
import { describe, expect, it } from "vitest";
import { createCommitment } from "../../shared/commitments/writes.ts";
import { checkAggregates, findDifferences, repairDifferences } from "../../shared/ledger/reconcile.ts";
import { testDeps } from "../support/dynamo.ts";
import { parsedCommitment } from "../support/fixtures.ts";
import { interleaving, isQueryOf, opening } from "../support/gate.ts";

const usd = (value: string) => ({ currency: "USD", value, qualifier: "exact" });

const isBatchGet = (command: { constructor: { name: string } }) =>
  command.constructor.name === "BatchGetCommand";

describe("reconcile --repair with a writer between its reads", () => {
  it.each([
    ["after the records are read, before the aggregates are read again", "after"],
    ["after the aggregates are first read, before the records are", "before"],
  ])("leaves the totals agreeing with the records when a create lands %s", async (_, when) => {
    const clock = new Date("2025-03-03T09:00:00Z");
    const deps = await testDeps({ now: () => clock });
    await createCommitment(
      deps,
      parsedCommitment({ amount: usd("1000000000"), location: { country: "US" } }),
    );
    expect(await findDifferences(deps, clock)).toEqual([]);

    // The records are read through the list partition, then a BatchGet; the aggregates around them.
    let recordsRead = false;
    const create = () =>
      createCommitment(deps, parsedCommitment({ amount: usd("5000000000"), location: { country: "KR" } }));
    const racing =
      when === "after"
        ? interleaving(
            opening(deps, [
              { after: isBatchGet, open: { held: Promise.resolve(), open: () => (recordsRead = true) } },
            ]),
            (command) => recordsRead && isQueryOf("AGG#all")(command),
            create,
          )
        : interleaving(deps, isBatchGet, create);

    const checked = await checkAggregates(racing, clock);
    await repairDifferences(deps, checked.differences);

    // Nothing was wrong: the items the create changed are left for a rerun, which finds them right.
    expect({ changing: checked.changing > 0, differences: checked.differences }).toEqual({
      changing: true,
      differences: [],
    });
    expect(await findDifferences(deps, clock)).toEqual([]);
  });
});
