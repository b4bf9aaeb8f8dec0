/**
 * SPEC 10 as a property: whatever concurrent writers left in a ledger (creates, parts, figures gained and lost,
 * re-parenting, deletes, exchange rates), its export, imported by `npm run import`'s code through the local stack's
 * POST /commitments/batch into an empty ledger with the same rates, gives the same records (new ids; a part's whole
 * compared by its content) and the same totals, in CSV and in JSON Lines. An export taken while writers change the
 * ledger cannot be a snapshot (it is read page by page), but it holds every record they leave alone exactly once.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { listQuery } from "../../shared/commitments/listing.ts";
import type { Commitment } from "../../shared/commitments/schema.ts";
import type { Deps } from "../../shared/deps.ts";
import { totalsQuery } from "../../shared/domain/totals.ts";
import { exportCommitments } from "../../shared/http/export.ts";
import { batchSender } from "../../shared/import/client.ts";
import { importFile } from "../../shared/import/run.ts";
import { listRates, recordRate } from "../../shared/store/fx-rates.ts";
import { readTotals } from "../../shared/store/totals.ts";
import { Cleanup, startStack } from "../bench/harness.ts";
import { testDeps } from "../support/dynamo.ts";
import { apply, operation } from "../support/ledger-operations.ts";

type Format = "csv" | "jsonl";

const cleanup = new Cleanup();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ait-export-property-"));
});

afterAll(async () => {
  await cleanup.run();
  await rm(dir, { recursive: true, force: true });
});

/** The whole export, part after part, as a user's file: one BOM and header line. */
async function exported(deps: Deps, format: Format, maxBytes = 4096): Promise<string> {
  const parts: string[] = [];
  let cursor: string | undefined;
  do {
    const part = await exportCommitments(deps, listQuery.parse({ format, cursor }), format, {
      maxBytes,
      maxMs: 60_000,
    });
    parts.push(parts.length > 0 && format === "csv" ? part.body.replace(/^\uFEFF[^\n]*\n/, "") : part.body);
    cursor = part.nextCursor ?? undefined;
  } while (cursor);
  return parts.join("");
}

/** Every rate in force, recorded again in the other ledger (as its operator would before importing). */
async function copyRates(from: Deps, to: Deps): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await listRates(from, { limit: 100, cursor });
    for (const rate of page.items)
      await recordRate(
        to,
        rate.currency,
        rate.date,
        {
          ...(rate.unitsPerUsd
            ? { unitsPerUsd: rate.unitsPerUsd }
            : { usdPerUnit: rate.usdPerUnit as string }),
          kind: rate.kind ?? "market",
          source: rate.source,
        },
        "test",
      );
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** The ledger's records as a reader compares them: no ids, versions or times; a part's whole by its content. */
async function records(deps: Deps): Promise<string[]> {
  const ledger = (await exported(deps, "jsonl"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Commitment);
  const byId = new Map(ledger.map((record) => [record.id, record]));
  const comparable = (record: Commitment): unknown => {
    const { id, parentId, createdAt, updatedAt, version, ...rest } = record;
    const whole = parentId === undefined ? undefined : byId.get(parentId);
    return { ...rest, whole: whole && comparable(whole) };
  };
  return ledger.map((record) => JSON.stringify(comparable(record))).sort();
}

async function totals(deps: Deps): Promise<unknown[]> {
  return Promise.all(
    ["country", "currency", "party", "year", "status", "category"].map((groupBy) =>
      readTotals(deps, totalsQuery.parse({ groupBy })),
    ),
  );
}

test("an export imported into an empty ledger gives the same records and totals, after concurrent writers", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(operation, { minLength: 1, maxLength: 3 }), { minLength: 3, maxLength: 10 }),
      fc.constantFrom<Format>("csv", "jsonl"),
      async (rounds, format) => {
        const source = await testDeps();
        const ids: string[] = [];
        // Each round's operations run at once: concurrent writers on the same records, parents and rates.
        for (const round of rounds) await Promise.all(round.map((op) => apply(source, ids, op)));

        const target = await testDeps();
        await copyRates(source, target);
        const file = join(dir, `ledger-${ids.length}-${Date.now()}.${format}`);
        await writeFile(file, await exported(source, format));
        const stack = await startStack(cleanup, target);
        // The writers allowed duplicates (the same title and parties, figures apart), so the import does too.
        const summary = await importFile({
          file,
          format,
          send: batchSender({ url: stack.url, key: stack.adminKey, allowDuplicates: true }),
          rejectsFile: `${file}.rejected`,
        });
        await stack.close();

        const [before, after] = [await records(source), await records(target)];
        const [totalsBefore, totalsAfter] = [await totals(source), await totals(target)];
        source.db.destroy();
        target.db.destroy();
        expect(summary.imported, JSON.stringify(summary)).toBe(before.length);
        expect(after).toEqual(before);
        expect(totalsAfter).toEqual(totalsBefore);
      },
    ),
    { numRuns: 10, endOnFailure: true },
  );
}, 300_000);

test("an export taken while writers change the ledger holds every record they leave alone exactly once", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(operation, { minLength: 3, maxLength: 8 }),
      fc.array(fc.array(operation, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 6 }),
      async (before, during) => {
        const deps = await testDeps();
        const untouched: string[] = [];
        for (const op of before)
          if (op.kind === "create") await apply(deps, untouched, { ...op, parent: undefined });
        // The writers create, change and delete records of their own (and set rates, which re-convert any).
        const theirs: string[] = [];
        const writing = (async () => {
          for (const round of during) await Promise.all(round.map((op) => apply(deps, theirs, op)));
        })();
        // Parts of about two rows each, so the export pages many times while the writers run.
        const file = await exported(deps, "jsonl", 2500);
        await writing;
        deps.db.destroy();

        const ids = file
          .split("\n")
          .filter(Boolean)
          .map((line) => (JSON.parse(line) as Commitment).id);
        const times = (id: string) => ids.filter((found) => found === id).length;
        expect(untouched.map(times)).toEqual(untouched.map(() => 1));
      },
    ),
    { numRuns: 10, endOnFailure: true },
  );
}, 300_000);
