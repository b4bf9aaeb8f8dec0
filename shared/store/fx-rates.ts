/**
 * Exchange rates in the table. The version in force of a currency's rate for a date is one item, found with one
 * Query (`sk <= date`); every version is also kept in its own partition with who set it and when, so a rate is
 * never overwritten. A per-currency epoch moves with every change, in the same transaction: a write that converted
 * an amount checks it still holds what it saw before reading the rate.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { FX_RATE_KINDS } from "../commitments/money.ts";
import type { Deps } from "../deps.ts";
import { type FxRate, type FxRateInput, type FxRateWithHistory, rateValue, sameRate } from "../domain/fx.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { batchGet } from "../table/batch-get.ts";
import type { Page } from "../table/cursor.ts";
import { index, type Key, keys } from "../table/keys.ts";
import { queryAll, queryFirst, queryPage, querySlice } from "../table/query.ts";
import { refusedOperations, runTransaction, TransactionPlan } from "../table/transaction.ts";
import * as z from "../zod.ts";

/** How often a PUT re-reads and tries again when another PUT of the same rate got in first. */
const PUT_ATTEMPTS = 6;
/** Rates read a page at a time when a batch reads a span of dates: most spans hold a handful. */
const RATES_PER_READ = 25;

/** A rate item as stored; items written before versions have no kind, version or author. */
const storedRate = z.object({
  currency: z.string(),
  date: z.string(),
  unitsPerUsd: z.optional(z.string()),
  usdPerUnit: z.optional(z.string()),
  kind: z.optional(z.enum(FX_RATE_KINDS)),
  source: z.string(),
  version: z.optional(z.number().check(z.int())),
  recordedBy: z.optional(z.string()),
  recordedAt: z.string(),
});

interface StoredRate {
  rate: FxRate;
  /** Stored before versions: it is version 1, and has no history item yet. */
  legacy: boolean;
}

function fromItem(item: Record<string, unknown>): StoredRate {
  const stored = storedRate.parse(item);
  return {
    rate: {
      currency: stored.currency,
      date: stored.date,
      ...rateValue(stored),
      kind: stored.kind ?? null,
      source: stored.source,
      version: stored.version ?? 1,
      recordedBy: stored.recordedBy ?? null,
      recordedAt: stored.recordedAt,
    },
    legacy: stored.version === undefined,
  };
}

const toRate = (item: Record<string, unknown>): FxRate => fromItem(item).rate;

/** A version's attributes: what is unknown (a legacy version's kind or author) is left out, not stored as null. */
function rateAttributes(rate: FxRate): Record<string, unknown> {
  const { kind, recordedBy, ...known } = rate;
  return { ...known, ...(kind ? { kind } : {}), ...(recordedBy ? { recordedBy } : {}) };
}

/** The latest rate on or before `date`, or undefined when none is known (never guessed). Read consistently. */
export async function findRate(deps: Deps, currency: string, date: string): Promise<FxRate | undefined> {
  const item = await queryFirst(deps, {
    pk: keys.fxPartition(currency),
    sk: { to: date },
    descending: true,
    consistent: true,
  });
  return item ? toRate(item) : undefined;
}

/** The first rate after `date`: where the span of a rate ends. */
export async function nextRateDate(deps: Deps, currency: string, date: string): Promise<string | undefined> {
  const item = await queryFirst(deps, {
    pk: keys.fxPartition(currency),
    sk: { after: date },
    consistent: true,
  });
  return item?.sk as string | undefined;
}

/** How many times each currency's rates have changed (null when never: no epoch item yet), in one consistent read. */
export async function readEpochs(
  deps: Deps,
  currencies: readonly string[],
): Promise<Map<string, number | null>> {
  const items = await batchGet(
    deps,
    currencies.map((currency) => keys.fxEpoch(currency)),
    { consistent: true },
  );
  const byPk = new Map(items.map((item) => [item.pk, item.epoch]));
  return new Map(
    currencies.map((currency) => {
      const epoch = byPk.get(keys.fxEpoch(currency).pk);
      return [currency, typeof epoch === "number" ? epoch : null];
    }),
  );
}

/**
 * Every rate of a currency in force on some date from `from` to `to`, oldest first: the one in force on `from`
 * and those that start after it. One Query, read newest first in small pages until it passes `from`.
 */
export async function ratesInForce(
  deps: Deps,
  currency: string,
  from: string,
  to: string,
): Promise<FxRate[]> {
  const query = { pk: keys.fxPartition(currency), sk: { to }, descending: true, consistent: true };
  const found: FxRate[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const slice = await querySlice(deps, query, { limit: RATES_PER_READ, startKey });
    for (const item of slice.items) {
      const rate = toRate(item);
      found.push(rate);
      if (rate.date <= from) return found.reverse();
    }
    startKey = slice.lastKey;
  } while (startKey);
  return found.reverse();
}

/** The condition a write that converted into `currency` joins: the epoch is still the one it read. */
export function epochCheck(currency: string, seen: number | null) {
  return {
    key: keys.fxEpoch(currency),
    condition:
      seen === null
        ? { expression: "attribute_not_exists(pk)" }
        : { expression: "#epoch = :seen", names: { "#epoch": "epoch" }, values: { ":seen": seen } },
  };
}

async function currentRate(deps: Deps, currency: string, date: string): Promise<StoredRate | undefined> {
  const { pk, sk } = keys.fxRate(currency, date);
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.tableName, Key: { pk, sk }, ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

/** The rate of a currency and date in force, with every version, newest first. */
export async function getRateWithHistory(
  deps: Deps,
  currency: string,
  date: string,
): Promise<FxRateWithHistory> {
  const current = await currentRate(deps, currency, date);
  if (!current) throw new NotFoundError(`no ${currency} rate is recorded for ${date}`);
  const versions = await queryAll(deps, {
    pk: keys.fxHistoryPartition(currency, date),
    descending: true,
    consistent: true,
  });
  return { ...current.rate, history: current.legacy ? [current.rate] : versions.map(toRate) };
}

type FxRole = "rate" | "version" | "epoch";

function rateCondition(current: StoredRate | undefined) {
  if (!current) return { expression: "attribute_not_exists(pk)" };
  if (current.legacy)
    return {
      expression: "attribute_exists(pk) AND attribute_not_exists(#version)",
      names: { "#version": "version" },
    };
  return {
    expression: "#version = :seen",
    names: { "#version": "version" },
    values: { ":seen": current.rate.version },
  };
}

/**
 * Records a rate for a currency from a date on. The same rate again changes nothing; a different one becomes the
 * next version in one transaction (the item in force, the version kept, the epoch moved), on condition that the
 * version read is still in force. Another PUT that got in first is read back and followed, not overwritten.
 */
export async function recordRate(
  deps: Deps,
  currency: string,
  date: string,
  input: FxRateInput,
  recordedBy: string,
): Promise<{ rate: FxRate; changed: boolean }> {
  for (let attempt = 1; attempt <= PUT_ATTEMPTS; attempt++) {
    const current = await currentRate(deps, currency, date);
    if (current && sameRate(current.rate, input)) return { rate: current.rate, changed: false };
    const rate: FxRate = {
      currency,
      date,
      ...rateValue(input),
      kind: input.kind,
      source: input.source,
      version: (current?.rate.version ?? 0) + 1,
      recordedBy,
      recordedAt: deps.now().toISOString(),
    };
    const plan = new TransactionPlan<number, FxRole>();
    const version = (kept: FxRate): Record<string, unknown> & Key => ({
      ...keys.fxRateVersion(currency, date, kept.version),
      type: "fxRateVersion",
      ...rateAttributes(kept),
    });
    plan.put(
      0,
      "rate",
      { ...keys.fxRate(currency, date), type: "fxRate", ...rateAttributes(rate) },
      rateCondition(current),
    );
    plan.put(0, "version", version(rate), { expression: "attribute_not_exists(pk)" });
    if (current?.legacy)
      plan.put(0, "version", version(current.rate), { expression: "attribute_not_exists(pk)" });
    plan.count(0, "epoch", keys.fxEpoch(currency), { epoch: 1 }, { type: "fxEpoch", currency });
    try {
      await runTransaction(deps, plan);
      return { rate, changed: true };
    } catch (error) {
      if (!refusedOperations(plan, error)) throw error;
    }
  }
  throw new ConflictError(`the ${currency} rate of ${date} kept changing while this one was recorded; retry`);
}

export async function listRates(
  deps: Deps,
  query: { currency?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<FxRate>> {
  const page = await queryPage(
    deps,
    query.currency !== undefined
      ? { pk: keys.fxPartition(query.currency), descending: true }
      : { index: index.fxRates, pk: keys.fxAllPartition, descending: true },
    { limit: query.limit, cursor: query.cursor, context: `fx:${query.currency ?? "*"}` },
  );
  return { items: page.items.map(toRate), nextCursor: page.nextCursor };
}
