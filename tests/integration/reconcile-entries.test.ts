/**
 * List entries in reconciliation: entries kept by the ledger's own writes show no difference; an entry from before
 * entries carried their record (which every filtered listing misses) is found and given its record, by
 * `npm run reconcile -- --repair` and on `npm start`; a repair never overwrites what a writer changed meanwhile.
 */
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { reconcile } from "../../infra/local/reconcile.ts";
import { listEntries } from "../../shared/commitments/items.ts";
import { listQuery } from "../../shared/commitments/listing.ts";
import { listCommitments } from "../../shared/commitments/reads.ts";
import type { Commitment } from "../../shared/commitments/schema.ts";
import { createCommitment, patchCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import { carryRecordsInEntries, findEntryDifferences, repairEntries } from "../../shared/ledger/entries.ts";
import { putFxRate } from "../../shared/store/reconvert.ts";
import { testDeps } from "../support/dynamo.ts";
import { parsedCommitment } from "../support/fixtures.ts";

let deps: Deps;
const quiet = { log: () => {} };
const clock = () => new Date("2025-03-03T09:00:00Z");

async function korean(): Promise<Commitment> {
  const { commitment } = await createCommitment(
    deps,
    parsedCommitment({
      title: "National AI computing center",
      announcedOn: "2025-01-22",
      amount: { currency: "KRW", value: "2500000000000", qualifier: "up-to" },
      parties: [{ name: "Ministry of Science and ICT", role: "government" }],
      location: { country: "KR" },
      categories: ["compute"],
    }),
  );
  return commitment;
}

/** What an entry looked like before entries carried their record: the record's id and a few fields only. */
async function writeOldEntries(record: Commitment) {
  for (const entry of listEntries(record)) {
    const { record: _carried, search: _search, ...rest } = entry as Record<string, unknown>;
    await deps.db.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: {
          ...rest,
          id: record.id,
          announcedOn: record.announcedOn,
          country: record.location.country,
          parties: record.parties.map((party) => party.slug),
        },
      }),
    );
  }
}

/** A filtered listing (the category is a filter on the carried record within the country's partition). */
const inKorea = async () =>
  (await listCommitments(deps, listQuery.parse({ country: "KR", category: "compute" }))).items.map(
    (item) => item.id,
  );

describe("list entries in reconciliation", () => {
  beforeEach(async () => {
    deps = await testDeps({ now: clock });
  });

  it("finds no difference in entries kept by the ledger's own writes, a patch and a re-conversion included", async () => {
    const record = await korean();
    const whole = await createCommitment(deps, parsedCommitment({ amount: undefined }));
    await createCommitment(deps, parsedCommitment({ parentId: whole.commitment.id }));
    await patchCommitment(deps, record.id, { status: "under-construction" }, { expectedVersion: 1 });
    await putFxRate(
      deps,
      "KRW",
      "2025-01-20",
      { unitsPerUsd: "1450", kind: "market", source: "test" },
      "test",
    );
    expect(await findEntryDifferences(deps)).toEqual([]);
    expect(await reconcile(deps, { repair: false, ...quiet })).toBe(0);
    expect(await carryRecordsInEntries(deps)).toBe(0);
  });

  it("gives entries from before entries carried records their record, so filtered listings find it again", async () => {
    const record = await korean();
    await writeOldEntries(record);
    expect(await inKorea()).toEqual([]);
    const found = await findEntryDifferences(deps);
    expect(found.length).toBeGreaterThan(0);
    expect(
      found.every((difference) => difference.recordId === record.id && difference.reason === "differs"),
    ).toBe(true);
    expect(await carryRecordsInEntries(deps)).toBe(found.length);
    expect(await inKorea()).toEqual([record.id]);
    expect(await findEntryDifferences(deps)).toEqual([]);
    expect(await carryRecordsInEntries(deps)).toBe(0);
  });

  it("finds a lost entry and writes it back with --repair", async () => {
    const record = await korean();
    await deps.db.send(
      new DeleteCommand({ TableName: deps.tableName, Key: { pk: "LIST#country#KR", sk: record.id } }),
    );
    const lines: string[] = [];
    expect(await reconcile(deps, { repair: false, log: (line) => lines.push(line) })).toBe(1);
    expect(lines.join("\n")).toContain(`list entry LIST#country#KR ${record.id} (missing`);
    expect(await reconcile(deps, { repair: true, ...quiet })).toBe(0);
    expect(await inKorea()).toEqual([record.id]);
  });

  it("reports an entry whose carried record the schema refuses, and rewrites it", async () => {
    const record = await korean();
    const [entry] = listEntries(record).filter((candidate) => candidate.pk === "LIST#country#KR");
    await deps.db.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: { ...entry, record: { ...record, confidence: "rumoured" } },
      }),
    );
    const found = await findEntryDifferences(deps);
    expect(found.map((difference) => [difference.key.pk, difference.reason])).toEqual([
      ["LIST#country#KR", "differs"],
    ]);
    expect(await repairEntries(deps, found)).toEqual({ written: 1, skipped: 0 });
    expect(await findEntryDifferences(deps)).toEqual([]);
  });

  it("leaves a record changed after it was read to its writer", async () => {
    const record = await korean();
    await writeOldEntries(record);
    const found = await findEntryDifferences(deps);
    await patchCommitment(
      deps,
      record.id,
      { title: "National AI computing center (revised)" },
      { expectedVersion: 1 },
    );
    expect(await repairEntries(deps, found)).toEqual({ written: 0, skipped: 1 });
    expect(await findEntryDifferences(deps)).toEqual([]);
    expect(
      (await listCommitments(deps, listQuery.parse({ q: "revised" }))).items.map((item) => item.id),
    ).toEqual([record.id]);
  });

  it("agrees with the records whatever patches run while it repairs (property, concurrent writers)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("planned", "under-construction", "operational", "delayed", "cancelled"), {
          minLength: 1,
          maxLength: 4,
        }),
        // When the repair starts, in ms after the first patch: a patch takes a few, so the repair lands before,
        // between or after them, not only first.
        fc.integer({ min: 0, max: 60 }),
        async (statuses, delay) => {
          deps = await testDeps({ now: clock });
          const records = [await korean(), (await createCommitment(deps, parsedCommitment())).commitment];
          for (const record of records) await writeOldEntries(record);
          const found = await findEntryDifferences(deps);
          const [target] = records as [Commitment];
          await Promise.all([
            new Promise((wake) => setTimeout(wake, delay)).then(() => repairEntries(deps, found)),
            (async () => {
              for (const [position, status] of statuses.entries())
                await patchCommitment(
                  deps,
                  target.id,
                  { status, title: `National AI computing center, step ${position}` },
                  { expectedVersion: position + 1 },
                );
            })(),
          ]);
          // A repair skipped for a changed record leaves nothing behind: the writer rewrote its entries.
          expect(await findEntryDifferences(deps)).toEqual([]);
        },
      ),
      { numRuns: 12 },
    );
  });
});
