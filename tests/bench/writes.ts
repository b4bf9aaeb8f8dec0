/**
 * Bench 8, writes accounted: what one create, one patch and one record of a 100-record batch write, item by item,
 * in write units, against the minimum a ledger with history needs (the record and its revision, written plainly).
 * The transactions are taken from the client as sent; each item is sized as it stood before and after (a Scan of the
 * bench's own table), billed at 1 KB units, doubled inside a transaction, plus one write per GSI it is in.
 */
import { ScanCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { createCommitments } from "../../shared/commitments/batch.ts";
import { commitmentInput } from "../../shared/commitments/schema.ts";
import { createCommitment, patchCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import { recordRate } from "../../shared/store/fx-rates.ts";
import { ledgerTable } from "../../shared/table/definition.ts";
import { itemSize } from "./capacity.ts";
import { eurRate, generatedCommitments } from "./generate.ts";
import { type Cleanup, freshDeps, type Row, startDynamo } from "./harness.ts";

/** Why each kind of item a commitment write touches exists. */
const WHY: Record<string, string> = {
  record: "the commitment itself (minimum)",
  revision: "its history, SPEC 2 (minimum); in the activity index for summaries",
  "entry (record copy)":
    "a listing partition (all, country, status, confidence, each party, each category): carries the record so a page is one Query",
  "entry (ids)":
    "currency / source-currency / parent partitions: near-duplicate candidates, re-conversion, a whole's parts",
  fingerprint: "refuses an exact duplicate with 409 (one conditional put, no read)",
  party: "the party's commitment counts (GET /parties)",
  aggregate:
    "totals by month and group, and all-time by category: GET /totals reads a flat number of items whatever the table's size",
  ledger: "the ledger by recording day and month: summaries' cumulative totals",
  idempotency: "replays the request under its Idempotency-Key",
  fxEpoch: "condition check: the rate the record was converted with is still in force",
  parent: "the whole's part count (no delete of a whole with parts)",
};

type Item = Record<string, unknown>;
const keyOf = (key: { pk?: unknown; sk?: unknown }) => `${String(key.pk)}\u0000${String(key.sk)}`;
const units = (size: number) => Math.max(1, Math.ceil(size / 1024));
const INDEX_KEYS = Object.values(ledgerTable.indexes).map((index) => index.partitionKey);

async function snapshot(deps: Deps): Promise<Map<string, Item>> {
  const items = new Map<string, Item>();
  let start: Item | undefined;
  do {
    const page = await deps.db.send(
      new ScanCommand({ TableName: deps.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) items.set(keyOf(item), item);
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The transactions a piece of work sends, taken from the client. */
function capturing(deps: Deps): { deps: Deps; sent: TransactWriteCommandInput[] } {
  const sent: TransactWriteCommandInput[] = [];
  const db = new Proxy(deps.db, {
    get(target, property, receiver) {
      if (property !== "send") return Reflect.get(target, property, receiver);
      return (command: { constructor: { name: string }; input: unknown }) => {
        if (command.constructor.name === "TransactWriteCommand")
          sent.push(command.input as TransactWriteCommandInput);
        return (target.send as (command: unknown) => Promise<unknown>)(command);
      };
    },
  }) as Deps["db"];
  return { deps: { ...deps, db }, sent };
}

function kindOf(item: Item, ownIds: ReadonlySet<string>): string {
  if (item.type === "entry") return item.record === undefined ? "entry (ids)" : "entry (record copy)";
  if (item.type === "commitment")
    return ownIds.has(String((item.record as { id?: unknown })?.id)) ? "record" : "parent";
  return String(item.type);
}

export interface WriteAccount {
  scenario: string;
  records: number;
  /** Per record: items and write units by kind. */
  kinds: { kind: string; items: number; writeUnits: number }[];
  items: number;
  writeUnits: number;
  minimumItems: number;
  minimumWriteUnits: number;
  transactions: number;
}

/** Runs `work` on the ledger and accounts for every item its transactions touched. */
async function account(
  deps: Deps,
  scenario: string,
  work: (deps: Deps) => Promise<string[]>,
): Promise<WriteAccount> {
  const before = await snapshot(deps);
  const { deps: watched, sent } = capturing(deps);
  const ids = new Set(await work(watched));
  const after = await snapshot(deps);
  const kinds = new Map<string, { items: number; writeUnits: number }>();
  let minimumWriteUnits = 0;
  for (const transaction of sent)
    for (const entry of transaction.TransactItems ?? []) {
      const key =
        entry.Put?.Item ?? entry.Update?.Key ?? entry.Delete?.Key ?? entry.ConditionCheck?.Key ?? {};
      const old = before.get(keyOf(key));
      const now = after.get(keyOf(key));
      const item = (now ?? old ?? {}) as Item;
      const size = Math.max(now ? itemSize(now) : 0, old ? itemSize(old) : 0);
      // A transaction bills each item twice; each index the item is in (before or after) takes one more write.
      const indexed = INDEX_KEYS.filter((name) => now?.[name] !== undefined || old?.[name] !== undefined);
      const writeUnits = 2 * units(size) + indexed.length * units(size);
      const kind = kindOf(item, ids);
      const tally = kinds.get(kind) ?? { items: 0, writeUnits: 0 };
      kinds.set(kind, { items: tally.items + 1, writeUnits: tally.writeUnits + writeUnits });
      if (kind === "record" || kind === "revision") minimumWriteUnits += units(size);
    }
  const records = ids.size;
  const per = (value: number) => value / records;
  const list = [...kinds].map(([kind, tally]) => ({
    kind,
    items: per(tally.items),
    writeUnits: per(tally.writeUnits),
  }));
  return {
    scenario,
    records,
    kinds: list,
    items: list.reduce((sum, entry) => sum + entry.items, 0),
    writeUnits: list.reduce((sum, entry) => sum + entry.writeUnits, 0),
    minimumItems: 2,
    minimumWriteUnits: per(minimumWriteUnits),
    transactions: sent.length,
  };
}

export async function benchWrites(
  cleanup: Cleanup,
): Promise<{ accounts: WriteAccount[]; rows: Row[]; kinds: Row[] }> {
  const dynamodb = await startDynamo(cleanup, { path: null });
  // Items and write units are counted, not timed; nothing reads the stream.
  const deps = await freshDeps(dynamodb.endpoint, { stream: false });
  try {
    await recordRate(deps, "EUR", eurRate.date, eurRate.input, "bench");
    const [single, ...batch] = generatedCommitments(101);
    let created = "";
    const accounts = [
      await account(deps, "create (POST /commitments)", async (watched) => {
        created = (await createCommitment(watched, commitmentInput.parse(single))).commitment.id;
        return [created];
      }),
      await account(deps, "patch: description and status (PATCH)", async (watched) => {
        await patchCommitment(
          watched,
          created,
          { description: "Phase two", status: "delayed" },
          { expectedVersion: 1 },
        );
        return [created];
      }),
      await account(deps, "batch record (POST /commitments/batch, 100)", async (watched) => {
        const results = await createCommitments(watched, batch);
        return results.flatMap((result) => (result.result === "created" ? [result.id] : []));
      }),
    ];
    const rows = accounts.map(
      (entry): Row => ({
        scenario: entry.scenario,
        "items/record": entry.items,
        "WCU/record": entry.writeUnits,
        "minimum items": entry.minimumItems,
        "minimum WCU": entry.minimumWriteUnits,
        "WCU ÷ minimum": entry.writeUnits / entry.minimumWriteUnits,
        transactions: entry.transactions,
      }),
    );
    const kinds = accounts.flatMap((entry) =>
      entry.kinds.map(
        (kind): Row => ({
          scenario: entry.scenario,
          item: kind.kind,
          "items/record": kind.items,
          "WCU/record": kind.writeUnits,
          why: WHY[kind.kind] ?? "UNACCOUNTED",
        }),
      ),
    );
    return { accounts, rows, kinds };
  } finally {
    deps.db.destroy();
    await dynamodb.stop();
  }
}
