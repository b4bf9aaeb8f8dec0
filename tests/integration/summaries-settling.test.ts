/**
 * A write is stamped when its request begins and commits a little later: one stamped Sunday 23:59:59.9 can commit
 * after Monday 00:00. A week's summary generated in the 30 s after its end would miss it and be stored as final;
 * until the week has settled its summary is provisional, and the one stored after counts the late write.
 */
import { expect, it } from "vitest";
import { commitmentInput as schema } from "../../shared/commitments/schema.ts";
import { createCommitment } from "../../shared/commitments/writes.ts";
import { generateSummary, readSummary } from "../../shared/store/summaries.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput } from "../support/fixtures.ts";
import { gate, heldAtGate } from "../support/gate.ts";

it("keeps a week provisional until a write stamped before its end has committed", async () => {
  let clock = new Date("2025-02-09T23:59:59.900Z");
  const deps = await testDeps({ now: () => clock });
  const atGate = gate();
  const late = createCommitment(heldAtGate(deps, atGate), schema.parse(commitmentInput()));
  await atGate.held;

  clock = new Date("2025-02-10T00:00:00.200Z");
  const early = await generateSummary(deps, { period: "weekly", key: "2025-W06" });
  const byDefault = await generateSummary(deps, { period: "weekly" });
  atGate.open();
  const { commitment } = await late;
  clock = new Date("2025-02-10T00:00:30.000Z");
  const settled = await generateSummary(deps, { period: "weekly", key: "2025-W06" });
  const read = await readSummary(deps, "weekly", "2025-W06");
  deps.db.destroy();

  expect(commitment.createdAt).toBe("2025-02-09T23:59:59.900Z");
  expect([early.outcome, early.summary.final], "generated at 00:00:00.2").toEqual(["provisional", false]);
  expect(byDefault.summary.key, "the last complete week at 00:00:00.2").toBe("weekly/2025-W05");
  expect([settled.outcome, settled.summary.final], "generated at 00:00:30").toEqual(["created", true]);
  expect(settled.summary.cumulative.atEnd.count, "the late write counted").toBe("1");
  expect(read.contentHash).toBe(settled.summary.contentHash);
}, 60_000);
