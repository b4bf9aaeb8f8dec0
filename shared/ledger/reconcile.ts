/**
 * Reconciliation: every aggregate, party count and ledger item recomputed from the records and their revisions,
 * compared with what is stored, and (on request) rewritten to the recomputed values in bounded transactions that
 * are conditioned on what was read, so a rerun, or a writer meanwhile, never double-applies anything. Also how
 * existing data gets the aggregate columns a new rule needs. Queries only, never a Scan.
 */
import { NumberValue } from "@aws-sdk/lib-dynamodb";
import { fromActivityItem } from "../commitments/items.ts";
import { fetchRecords } from "../commitments/reads.ts";
import type { Commitment } from "../commitments/schema.ts";
import type { Deps } from "../deps.ts";
import {
  AGGREGATE_DIMENSIONS,
  ALL_TIME_DIMENSIONS,
  addColumns,
  type Columns,
  contribution,
  FUNDING_ROLES,
} from "../domain/aggregates.ts";
import type { PeriodKind } from "../domain/periods.ts";
import { contentHash, effectsOf } from "../domain/summary.ts";
import { columnsOf, queryColumns } from "../store/aggregates.ts";
import { generateSummary, requirePeriod, summarize } from "../store/summaries.ts";
import { index, type Key, keys } from "../table/keys.ts";
import { queryAll } from "../table/query.ts";
import { runTransaction, TransactionPlan } from "../table/transaction.ts";

/** One item the records say should hold other figures than it does. */
export interface Difference {
  key: Key;
  /** Attributes to create the item with, when it is missing. */
  initial: Record<string, unknown>;
  stored: Columns;
  expected: Columns;
}

interface Target {
  key: Key;
  initial: Record<string, unknown>;
  columns: Columns;
}

const id = (key: Key) => `${key.pk}\u0000${key.sk}`;

function add(targets: Map<string, Target>, key: Key, initial: Record<string, unknown>, columns: Columns) {
  const target = targets.get(id(key)) ?? { key, initial, columns: {} };
  target.columns = addColumns(target.columns, columns);
  targets.set(id(key), target);
}

/** Every live commitment, through the `all` list partition and BatchGet. */
export async function liveRecords(deps: Deps): Promise<Commitment[]> {
  // A list entry's sort key is its commitment's id (keys.ts).
  const entries = await queryAll(deps, { pk: keys.listPartition("all", "*"), projection: ["sk"] });
  return fetchRecords(
    deps,
    entries.map((entry) => entry.sk as string),
  );
}

/**
 * The aggregates and party counts (commitments naming the party, and those it funds) the records call for: a part
 * counts in the money only when no ancestor has an amount.
 */
export function expectedAggregates(records: Commitment[]): Map<string, Target> {
  const byId = new Map(records.map((record) => [record.id, record]));
  const covered = (record: Commitment) => {
    let parentId = record.parentId;
    for (let depth = 0; parentId && depth < 64; depth++) {
      const parent = byId.get(parentId);
      if (!parent) return false;
      if (parent.amount) return true;
      parentId = parent.parentId;
    }
    return false;
  };
  const targets = new Map<string, Target>();
  for (const record of records) {
    for (const slug of new Set(record.parties.map((party) => party.slug))) {
      const funds = record.parties.some((party) => party.slug === slug && FUNDING_ROLES.has(party.role));
      const counts: Columns = funds ? { commitments: "1", fundingCommitments: "1" } : { commitments: "1" };
      add(targets, keys.party(slug), { type: "party", slug }, counts);
    }
    if (covered(record)) continue;
    for (const { target, columns } of contribution(record).values()) {
      const { key, initial } = keys.aggregateItem(target);
      add(targets, key, initial, columns);
    }
  }
  return targets;
}

/** The ledger items the revisions call for: what each revision moved, booked by the day and month it was recorded. */
export async function expectedLedger(deps: Deps, since: string, until: string): Promise<Map<string, Target>> {
  const targets = new Map<string, Target>();
  for (let day = since; day <= until; day = nextDay(day)) {
    const items = await queryAll(deps, { index: index.activity, pk: keys.activityPartition(day) });
    for (const item of items) {
      const activity = fromActivityItem(item);
      if (!activity) continue;
      const moved = effectsOf(activity).reduce<Columns>((sum, effect) => addColumns(sum, effect.columns), {});
      if (Object.keys(moved).length === 0) continue;
      add(targets, keys.ledgerByDay(day), { type: "ledger", day }, moved);
      add(targets, keys.ledgerByMonth(day.slice(0, 7)), { type: "ledger", month: day.slice(0, 7) }, moved);
    }
  }
  return targets;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** What is stored: every aggregate partition, the parties and the ledger, numbers exact. */
async function storedItems(deps: Deps): Promise<Map<string, Target>> {
  const partitions = [
    ...AGGREGATE_DIMENSIONS.map((dimension) => keys.aggregatePartition(dimension)),
    ...[...ALL_TIME_DIMENSIONS].map((dimension) => keys.aggregateAllTimePartition(dimension)),
    keys.partiesPartition,
    keys.ledgerDayPartition,
    keys.ledgerMonthPartition,
  ];
  const stored = new Map<string, Target>();
  for (const pk of partitions)
    for (const item of await queryColumns(deps, { pk })) {
      const columns = columnsOf(item);
      if (pk === keys.partiesPartition)
        for (const counter of ["commitments", "fundingCommitments"])
          if (item[counter] !== undefined && String(item[counter]) !== "0")
            columns[counter] = String(item[counter]);
      const key = { pk: String(item.pk), sk: String(item.sk) };
      stored.set(id(key), { key, initial: {}, columns });
    }
  return stored;
}

const same = (a: Columns, b: Columns) => Object.keys(addColumns(a, b, -1)).length === 0;

/** Every item whose stored figures differ from the recomputed ones (missing and extra items included). */
export async function findDifferences(deps: Deps, now: Date): Promise<Difference[]> {
  return (await checkAggregates(deps, now)).differences;
}

/**
 * The differences, and how many items a writer changed while they were read. The stored items are read before and
 * after the records: a write that commits in between may or may not be in the records as read, so an item it
 * changed is not compared (a rerun checks it). Every other item held the same figures throughout, and no write in
 * that time touched it, so the records as read are the ones it should agree with.
 */
export async function checkAggregates(
  deps: Deps,
  now: Date,
): Promise<{ differences: Difference[]; changing: number }> {
  const before = await storedItems(deps);
  const records = await liveRecords(deps);
  const expected = expectedAggregates(records);
  const recordedDays = [...before.values()]
    .filter((target) => target.key.pk === keys.ledgerDayPartition)
    .map((target) => target.key.sk);
  const created = records.map((record) => record.createdAt.slice(0, 10));
  const since = [...recordedDays, ...created].sort()[0];
  if (since)
    for (const [key, target] of await expectedLedger(deps, since, now.toISOString().slice(0, 10)))
      expected.set(key, target);
  const stored = await storedItems(deps);
  const differences: Difference[] = [];
  let changing = 0;
  for (const key of new Set([...expected.keys(), ...stored.keys(), ...before.keys()])) {
    if (!same(before.get(key)?.columns ?? {}, stored.get(key)?.columns ?? {})) {
      changing++;
      continue;
    }
    const want = expected.get(key);
    const have = stored.get(key);
    const wanted = want?.columns ?? {};
    const held = have?.columns ?? {};
    if (!same(wanted, held))
      differences.push({
        key: (want ?? have)?.key as Key,
        initial: want?.initial ?? {},
        stored: held,
        expected: wanted,
      });
  }
  return { differences: differences.sort((a, b) => (id(a.key) < id(b.key) ? -1 : 1)), changing };
}

/** How many items go in one repair transaction: each carries a condition on every column it read. */
const REPAIR_BATCH = 25;

/**
 * Sets each differing item to its recomputed figures. Each update is conditioned on the columns as they were read:
 * a writer that changed one meanwhile cancels the transaction (rerun to pick it up), and a rerun of a finished
 * repair finds nothing to do.
 */
export async function repairDifferences(deps: Deps, differences: Difference[]): Promise<number> {
  let repaired = 0;
  for (let start = 0; start < differences.length; start += REPAIR_BATCH) {
    const plan = new TransactionPlan<number, "repair">();
    differences.slice(start, start + REPAIR_BATCH).forEach((difference, position) => {
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const set: string[] = [];
      const remove: string[] = [];
      const conditions: string[] = [];
      const all = [...new Set([...Object.keys(difference.stored), ...Object.keys(difference.expected)])];
      all.forEach((name, n) => {
        names[`#c${n}`] = name;
        const held = difference.stored[name];
        const wanted = difference.expected[name];
        if (held === undefined) conditions.push(`attribute_not_exists(#c${n})`);
        else {
          values[`:was${n}`] = numeric(held);
          conditions.push(`#c${n} = :was${n}`);
        }
        if (wanted === undefined) remove.push(`#c${n}`);
        else {
          values[`:now${n}`] = numeric(wanted);
          set.push(`#c${n} = :now${n}`);
        }
      });
      Object.entries(difference.initial).forEach(([name, value], n) => {
        names[`#i${n}`] = name;
        values[`:i${n}`] = value;
        set.push(`#i${n} = if_not_exists(#i${n}, :i${n})`);
      });
      plan.update(
        position,
        "repair",
        difference.key,
        {
          expression: [
            set.length ? `SET ${set.join(", ")}` : "",
            remove.length ? `REMOVE ${remove.join(", ")}` : "",
          ]
            .join(" ")
            .trim(),
          names,
          values,
        },
        { expression: conditions.join(" AND ") },
      );
    });
    await runTransaction(deps, plan);
    repaired += plan.size;
  }
  return repaired;
}

/** Counters and sums are DynamoDB numbers, written exactly (never through a JS float). */
function numeric(value: string): NumberValue {
  return NumberValue.from(value);
}

/** A stored final summary whose content the ledger no longer gives. */
export interface SummaryDifference {
  key: string;
  storedHash: string;
  recomputedHash: string;
}

/** Every stored summary recomputed from the activity and the ledger; those that differ, corrected on request. */
export async function reconcileSummaries(
  deps: Deps,
  options: { repair: boolean },
): Promise<SummaryDifference[]> {
  const stored = await queryAll(deps, {
    index: index.summaries,
    pk: keys.summariesPartition,
    projection: ["key", "period", "label", "contentHash", "final"],
  });
  const differences: SummaryDifference[] = [];
  for (const item of stored) {
    const kind = item.period as PeriodKind;
    const content = await summarize(deps, requirePeriod(kind, String(item.label)), true);
    const recomputedHash = contentHash(content);
    if (recomputedHash === item.contentHash) continue;
    differences.push({ key: String(item.key), storedHash: String(item.contentHash), recomputedHash });
    if (options.repair) await generateSummary(deps, { period: kind, key: String(item.label) });
  }
  return differences;
}
