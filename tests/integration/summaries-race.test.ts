/**
 * Two generations of one past week, the first computed before a change to that week's data (a repair of the ledger
 * items, or a write stamped late) and the second after it. The first used to read the stored summary only after
 * computing its own, so it found the second's and overwrote it with older figures, as a "correction". A generation
 * now reads what is stored before it computes, and stores only over what it read.
 */
import { expect, it } from "vitest";
import { commitmentInput as schema } from "../../shared/commitments/schema.ts";
import { createCommitment } from "../../shared/commitments/writes.ts";
import { ConflictError } from "../../shared/errors.ts";
import { generateSummary, readSummary } from "../../shared/store/summaries.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput } from "../support/fixtures.ts";
import { interleaving, opening } from "../support/gate.ts";

const isQuery = (command: { constructor: { name: string } }) => command.constructor.name === "QueryCommand";

it("never stores a week's summary computed from older data over a newer one", async () => {
  let clock = new Date("2025-02-05T10:00:00Z");
  const deps = await testDeps({ now: () => clock });
  await createCommitment(deps, schema.parse(commitmentInput({ title: "First of the week" })));
  clock = new Date("2025-02-12T10:00:00Z");
  const first = await generateSummary(deps, { period: "weekly", key: "2025-W06" });
  const recordedInTheWeek = async (title: string) => {
    const now = clock;
    clock = new Date("2025-02-06T10:00:00Z");
    await createCommitment(deps, schema.parse(commitmentInput({ title })));
    clock = now;
  };
  // The week changes before the slow generation begins, so it has a correction to store.
  await recordedInTheWeek("Recorded late");

  // The slow generation has read the week's activity and ledger (its Queries are answered); before its next request
  // the week changes again and a fast generation stores the summary of the changed week.
  let fast: Awaited<ReturnType<typeof generateSummary>> | undefined;
  let computed = false;
  const afterQueries = opening(deps, [
    { after: isQuery, open: { held: Promise.resolve(), open: () => (computed = true) } },
  ]);
  const slow = interleaving(
    afterQueries,
    (command) => computed && !isQuery(command),
    async () => {
      await recordedInTheWeek("Recorded later still");
      fast = await generateSummary(deps, { period: "weekly", key: "2025-W06" });
    },
  );
  const outcome = await generateSummary(slow, { period: "weekly", key: "2025-W06" }).catch((error) => error);
  const stored = await readSummary(deps, "weekly", "2025-W06");
  const again = await generateSummary(deps, { period: "weekly", key: "2025-W06" });
  deps.db.destroy();

  expect(fast?.outcome, "the fast generation corrected the stored week").toBe("updated");
  expect(outcome, "the slow one is refused").toBeInstanceOf(ConflictError);
  expect(stored.contentHash, "what is stored is the newer week").toBe(fast?.summary.contentHash);
  expect(stored.contentHash).not.toBe(first.summary.contentHash);
  expect(stored.headline.newCommitments, "all three commitments").toBe(3);
  expect(again.outcome, "regenerating finds nothing to correct").toBe("unchanged");
}, 60_000);
