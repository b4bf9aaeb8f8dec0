/**
 * Exchange rates and the figures a record's sources state.
 *  1. `sourcesDisagree` is judged with the rates of the sources' currencies: a new rate of one re-converts the
 *     records a source states a figure in it for (not only those whose amount is in it), and a write checks that
 *     none of those rates changed since it read them.
 *  2. `reconverted` in a PUT's answer counts only what the PUT's own pass wrote, not a commitment another writer
 *     changed meanwhile.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { beforeEach, describe, expect, test } from "vitest";
import { getCommitment, listRevisions } from "../../shared/commitments/reads.ts";
import { createCommitment, patchCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import { putFxRate } from "../../shared/store/reconvert.ts";
import { testDeps } from "../support/dynamo.ts";
import { parsedCommitment } from "../support/fixtures.ts";
import { gate, heldAtGate } from "../support/gate.ts";

let deps: Deps;
beforeEach(async () => {
  deps = await testDeps();
});

const put = (d: Deps, currency: string, usdPerUnit: string) =>
  putFxRate(
    d,
    currency,
    "2025-01-01",
    { usdPerUnit, kind: "market", source: `desk at ${usdPerUnit}` },
    "admin",
  );

/** A USD record whose one source states the figure in EUR: 800M EUR is the record's 1B USD at 1.25. */
const withEurSource = () =>
  parsedCommitment({
    announcedOn: "2025-02-01",
    amount: { currency: "USD", value: "1000000000", qualifier: "exact" },
    sources: [
      {
        url: "https://example.com/eur-report",
        figure: { currency: "EUR", value: "800000000", qualifier: "exact" },
      },
    ],
  });

describe("sourcesDisagree after a rate change of a source's currency", () => {
  test("a new EUR rate that makes the figures agree re-computes sourcesDisagree of a USD record", async () => {
    await put(deps, "EUR", "1.1"); // 800M EUR = 880M USD: the source disagrees with the record
    const { commitment } = await createCommitment(deps, withEurSource());
    expect(commitment.sourcesDisagree).toBe(true);

    await put(deps, "EUR", "1.25"); // 800M EUR = 1B USD: now they agree

    // A record created now says false; the one created before is never revisited.
    const fresh = await createCommitment(deps, withEurSource(), { allowDuplicate: true });
    expect(fresh.commitment.sourcesDisagree).toBe(false);
    expect((await getCommitment(deps, commitment.id)).sourcesDisagree).toBe(false);
    const { items } = await listRevisions(deps, commitment.id, 10, undefined);
    expect(items[0]?.note).toMatch(
      /^re-converted with EUR 2025-01-01 version 2: .*, comparing its sources' figures$/,
    );
  });

  test("a create that read the old EUR rate is not checked against the EUR epoch", async () => {
    await put(deps, "EUR", "1.25"); // agree
    const at = gate();
    const writing = createCommitment(heldAtGate(deps, at), withEurSource());
    await at.held;
    await put(deps, "EUR", "1.1"); // now the source disagrees
    at.open();
    const { commitment } = await writing;

    expect((await getCommitment(deps, commitment.id)).sourcesDisagree).toBe(true);
  });
});

describe("the count of a re-conversion", () => {
  test("does not count a commitment that a concurrent PATCH re-converted", async () => {
    const chf = parsedCommitment({
      announcedOn: "2025-02-01",
      amount: { currency: "CHF", value: "1000000", qualifier: "exact" },
      location: { country: "CH" },
    });
    await put(deps, "CHF", "1.3");
    const { commitment } = await createCommitment(deps, chf);

    // Between the re-conversion's first read of the record and revise's read of it, an editor's PATCH lands:
    // it converts with the new rate (already stored), so the re-conversion itself changes nothing.
    let reads = 0;
    const racing: Deps = {
      ...deps,
      db: new Proxy(deps.db, {
        get(target, property, receiver) {
          if (property !== "send") return Reflect.get(target, property, receiver);
          return async (command: { input: { Key?: { pk?: string } } }) => {
            if (command instanceof GetCommand && command.input.Key?.pk === `CMT#${commitment.id}`) {
              reads += 1;
              if (reads === 2) {
                const now = await getCommitment(deps, commitment.id);
                await patchCommitment(
                  deps,
                  commitment.id,
                  { status: "under-construction" },
                  {
                    expectedVersion: now.version,
                  },
                );
              }
            }
            return target.send(command as never);
          };
        },
      }) as Deps["db"],
    };

    const answer = await put(racing, "CHF", "1.6");

    const stored = await getCommitment(deps, commitment.id);
    expect(stored.amountUsd?.rate.usdPerUnit).toBe("1.6");
    // The only revisions: created, the PATCH (which converted at 1.6). Nothing was re-converted by the PUT.
    const { items } = await listRevisions(deps, commitment.id, 10, undefined);
    expect(items.map((r) => r.note ?? r.change)).toEqual(["updated", "created"]);
    expect(answer.reconverted).toBe(0);
  });
});
