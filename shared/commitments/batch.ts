/**
 * Batch ingest: many new commitments in as few transactions as the limits allow (100 items, 4 MB each); counts on
 * the same party or aggregate merge into one update. An item that fails validation or a condition is reported on
 * its own and the rest are written; a rerun under the same idempotency key completes the batch.
 */
import type { Deps } from "../deps.ts";
import { ConflictError, DuplicateError, fieldErrorsFrom, TrackerError, ValidationError } from "../errors.ts";
import { nearDuplicateRefusals, refusalWithin } from "../parties/near-duplicates.ts";
import { type PartyResolver, partyResolver } from "../parties/resolve.ts";
import { batchGet } from "../table/batch-get.ts";
import { keys } from "../table/keys.ts";
import {
  MAX_TRANSACTION_BYTES,
  MAX_TRANSACTION_ITEMS,
  refusedOperations,
  runTransaction,
} from "../table/transaction.ts";
import {
  explainCancellation,
  KeyAlreadyUsed,
  RACE_ATTEMPTS,
  RetryableConflict,
  tooManyWrites,
} from "./conflicts.ts";
import { fingerprint } from "./fingerprint.ts";
import { earlierResponses, type Idempotency, replay, requestHash } from "./idempotency.ts";
import type { CommitmentItem } from "./items.ts";
import { type CommitmentPlan, newPlan } from "./plan.ts";
import { getCommitmentItems } from "./reads.ts";
import {
  newRecordMeta,
  type RateGuard,
  type RecordMeta,
  rateLookup,
  ratesWanted,
  toRecord,
} from "./record.ts";
import { type Commitment, type CommitmentInput, commitmentInput } from "./schema.ts";
import { planCreation } from "./writes.ts";

/** One item's outcome: created with its id, or the typed error that refused it. */
export type BatchOutcome =
  | { index: number; result: "created"; id: string }
  | { index: number; result: "error"; error: TrackerError };
/** A dry run's outcome: also `valid`, an item that would be created. */
export type CheckOutcome = BatchOutcome | { index: number; result: "valid" };

export interface BatchOptions {
  allowDuplicate?: boolean;
  /** Who asks, in what scope, and the batch's key: each item is remembered under `<key>#<index>`... */
  idempotency?: (Omit<Idempotency, "requestHash" | "key"> & { key?: string | undefined }) | undefined;
  /** ...or under its own key, `itemKeys[index]`, whatever batch it comes in (an import's rows). */
  itemKeys?: readonly string[] | undefined;
}

interface Pending {
  index: number;
  input: CommitmentInput;
  meta: RecordMeta;
  record: Commitment;
  /** The rate epochs the record was converted at; a round after a rate race converts again. */
  rates: RateGuard[];
  fingerprint: string | undefined;
  idempotency?: Idempotency | undefined;
}

type Parents = Map<string, CommitmentItem>;

const failed = (index: number, error: TrackerError): BatchOutcome => ({ index, result: "error", error });

/** Records many commitments; one outcome per item, in the order given. */
export async function createCommitments(
  deps: Deps,
  items: unknown[],
  options: BatchOptions = {},
): Promise<BatchOutcome[]> {
  const { pending, results, parties } = await prepare(deps, items, options);
  let remaining = pending;
  for (let round = 0; remaining.length > 0 && round < RACE_ATTEMPTS; round++) {
    if (round > 0) await convertAgain(deps, remaining, parties);
    const parents = await readParents(deps, remaining, results);
    remaining = remaining.filter((entry) => results[entry.index] === undefined);
    const retry: Pending[] = [];
    for (const group of pack(deps, sharingTotals(remaining), parents))
      retry.push(...(await writeGroup(deps, group, parents, results)));
    remaining = retry;
  }
  for (const entry of remaining)
    results[entry.index] = failed(entry.index, new ConflictError("the parent kept changing; retry"));
  return results;
}

/**
 * Every check of `createCommitments`, writing nothing: each item comes back valid, created (by an earlier request
 * under its key), or with the error that would refuse it.
 */
export async function checkCommitments(
  deps: Deps,
  items: unknown[],
  options: BatchOptions = {},
): Promise<CheckOutcome[]> {
  const { pending, results } = await prepare(deps, items, options);
  await readParents(deps, pending, results);
  const checked: CheckOutcome[] = results;
  const unchecked = pending.filter((entry) => checked[entry.index] === undefined);
  for (const outcome of await dryRunOutcomes(deps, unchecked)) checked[outcome.index] = outcome;
  return checked;
}

/** Validates, converts and checks for duplicates; what is left to write is `pending`. */
async function prepare(deps: Deps, items: unknown[], options: BatchOptions) {
  const results: BatchOutcome[] = new Array(items.length);
  const rates = rateLookup(deps);
  const at = deps.now().toISOString();
  const pending: Pending[] = [];
  const refused: { index: number; refusal: DuplicateError; idempotency: Idempotency | undefined }[] = [];
  const seen = new Map<string, string>();
  const inputs = items.map((raw) => commitmentInput.safeParse(raw));
  const parties = partyResolver(deps);
  // Every party name of the batch in one lookup, and its rates in one read per currency, side by side; each record
  // then resolves and converts from what they read.
  await Promise.all([
    parties(inputs.flatMap((input) => (input.success ? input.data.parties.map((party) => party.name) : []))),
    rates.load(inputs.flatMap((input) => (input.success ? ratesWanted(input.data) : []))),
  ]);
  const metas = inputs.map(() => newRecordMeta(at));
  const records = await Promise.all(
    inputs.map((input, index) =>
      input.success ? toRecord(input.data, metas[index] as RecordMeta, rates, parties) : undefined,
    ),
  );
  // Every item's look for near-duplicates in the ledger, in one read of the windows; earlier items of the batch are looked at below.
  const likeRecorded = options.allowDuplicate ? [] : await nearDuplicateRefusals(deps, records);
  for (const [index, raw] of items.entries()) {
    const parsed = inputs[index] as (typeof inputs)[number];
    if (!parsed.success) {
      results[index] = failed(
        index,
        new ValidationError(`item ${index} is not valid`, { errors: fieldErrorsFrom(parsed.error) }),
      );
      continue;
    }
    const record = records[index] as Commitment;
    const recordFingerprint = options.allowDuplicate ? undefined : fingerprint(record);
    const earlier = recordFingerprint ? seen.get(recordFingerprint) : undefined;
    if (earlier) {
      results[index] = failed(
        index,
        new DuplicateError(`item ${index} repeats an earlier item of this batch`, {
          extra: { existingId: earlier },
        }),
      );
      continue;
    }
    const itemKey = options.itemKeys?.[index];
    const batchKey = options.idempotency?.key;
    const key =
      itemKey !== undefined ? `item:${itemKey}` : batchKey !== undefined ? `${batchKey}#${index}` : undefined;
    const idempotency: Idempotency | undefined =
      options.idempotency && key !== undefined
        ? {
            principal: options.idempotency.principal,
            scope: options.idempotency.scope,
            key,
            requestHash: requestHash({ item: raw, allowDuplicate: options.allowDuplicate ?? false }),
          }
        : undefined;
    const nearDuplicate = options.allowDuplicate
      ? undefined
      : (refusalWithin(
          record,
          pending.map((entry) => entry.record),
        ) ?? likeRecorded[index]);
    if (nearDuplicate) {
      refused.push({ index, refusal: nearDuplicate, idempotency });
      continue;
    }
    if (recordFingerprint) seen.set(recordFingerprint, record.id);
    pending.push({
      index,
      input: parsed.data,
      meta: metas[index] as RecordMeta,
      record,
      rates: rates.guards(record),
      fingerprint: recordFingerprint,
      idempotency,
    });
  }
  // A near-duplicate's refusal, unless an earlier run under the same key recorded this very item (then its result).
  const sent = await earlierResponses(
    deps,
    refused.map((entry) => entry.idempotency),
  );
  refused.forEach(({ index, refusal }, position) => {
    const earlier = sent[position];
    results[index] =
      earlier instanceof TrackerError
        ? failed(index, earlier)
        : earlier
          ? { index, result: "created", id: earlier.id }
          : failed(index, refusal);
  });
  return { pending, results, parties };
}

/** What each write would find: the item sent before under its key, or its fingerprint taken; read in two BatchGets. */
async function dryRunOutcomes(deps: Deps, entries: Pending[]): Promise<CheckOutcome[]> {
  const [earlier, owners] = await Promise.all([
    earlierResponses(
      deps,
      entries.map((entry) => entry.idempotency),
    ),
    batchGet(
      deps,
      entries.flatMap((entry) => (entry.fingerprint ? [keys.fingerprint(entry.fingerprint)] : [])),
    ),
  ]);
  const ownerOf = new Map(owners.map((item) => [item.pk, item]));
  return entries.map((entry, position) => {
    const sent = earlier[position];
    if (sent instanceof TrackerError) return failed(entry.index, sent);
    if (sent) return { index: entry.index, result: "created", id: sent.id };
    const owner = entry.fingerprint && ownerOf.get(keys.fingerprint(entry.fingerprint).pk);
    if (owner)
      return failed(entry.index, explainCancellation(new Map([["fingerprint", { item: owner }]]), {}));
    return { index: entry.index, result: "valid" };
  });
}

/** Converts the records of a new round with the rates in force now (a rate may have changed since). */
async function convertAgain(deps: Deps, entries: Pending[], parties: PartyResolver): Promise<void> {
  const rates = rateLookup(deps);
  await rates.load(entries.flatMap((entry) => ratesWanted(entry.input)));
  for (const entry of entries) {
    entry.record = await toRecord(entry.input, entry.meta, rates, parties);
    entry.rates = rates.guards(entry.record);
  }
}

/** Reads each distinct parent once, in one consistent read; items whose parent does not exist fail on their own. */
async function readParents(deps: Deps, entries: Pending[], results: BatchOutcome[]): Promise<Parents> {
  const parents: Parents = await getCommitmentItems(
    deps,
    entries.flatMap((entry) => (entry.record.parentId ? [entry.record.parentId] : [])),
  );
  for (const entry of entries) {
    const parentId = entry.record.parentId;
    if (parentId && !parents.has(parentId))
      results[entry.index] = failed(
        entry.index,
        new ValidationError("the parent does not exist", {
          errors: [{ path: "parentId", message: `no commitment ${parentId}` }],
        }),
      );
  }
  return parents;
}

function planInto(deps: Deps, plan: CommitmentPlan, entry: Pending, parents: Parents): CommitmentPlan {
  planCreation(deps, plan, entry.index, {
    record: entry.record,
    fingerprint: entry.fingerprint,
    idempotency: entry.idempotency,
    parent: entry.record.parentId ? parents.get(entry.record.parentId) : undefined,
    rates: entry.rates,
  });
  return plan;
}

function planGroup(deps: Deps, entries: Pending[], parents: Parents): CommitmentPlan {
  const plan = newPlan();
  for (const entry of entries) planInto(deps, plan, entry, parents);
  return plan;
}

/**
 * The records in an order where neighbours share totals items (announcement month, then country and status), so a
 * transaction's records merge more of their counts. Only the packing sees the order: outcomes keep the items'.
 */
function sharingTotals(entries: Pending[]): Pending[] {
  const key = (entry: Pending) =>
    `${entry.record.announcedOn.slice(0, 7)}\u0000${entry.record.location.country}\u0000${entry.record.status}`;
  return entries.toSorted((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.index - b.index));
}

/**
 * Greedy packing: records in order, a new transaction when the next would not fit. Each record is planned into the
 * group's plan so far, so counts that merge (a shared party, month or country) are counted once; the record that
 * does not fit starts the next group's plan.
 */
function pack(deps: Deps, entries: Pending[], parents: Parents): Pending[][] {
  const groups: Pending[][] = [];
  let group: Pending[] = [];
  let plan = newPlan();
  for (const entry of entries) {
    planInto(deps, plan, entry, parents);
    if (group.length > 0 && (plan.size > MAX_TRANSACTION_ITEMS || plan.bytes > MAX_TRANSACTION_BYTES)) {
      groups.push(group);
      group = [];
      plan = planInto(deps, newPlan(), entry, parents);
    }
    group.push(entry);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** A batch item written by an earlier run under the same key: its result again, or its error if the item differs. */
async function replayed(deps: Deps, entry: Pending & { idempotency: Idempotency }): Promise<BatchOutcome> {
  try {
    const commitment = await replay(deps, entry.idempotency);
    return { index: entry.index, result: "created", id: commitment.id };
  } catch (error) {
    if (!(error instanceof TrackerError)) throw error;
    return failed(entry.index, error);
  }
}

/** Writes one packed group; returns the entries to try again after a race on a parent. */
async function writeGroup(
  deps: Deps,
  members: Pending[],
  parents: Parents,
  results: BatchOutcome[],
): Promise<Pending[]> {
  let remaining = members;
  while (remaining.length > 0) {
    const plan = planGroup(deps, remaining, parents);
    if (plan.size > MAX_TRANSACTION_ITEMS) {
      // Only a single record can overflow on its own (the packing keeps groups within the limit).
      for (const entry of remaining)
        results[entry.index] = failed(entry.index, tooManyWrites(plan.size, entry.record));
      return [];
    }
    try {
      await runTransaction(deps, plan);
      for (const entry of remaining)
        results[entry.index] = { index: entry.index, result: "created", id: entry.record.id };
      return [];
    } catch (error) {
      const refused = refusedOperations(plan, error);
      if (!refused) throw error;
      const raced: Pending[] = [];
      const racedCurrencies = new Set<string>();
      for (const [index, roles] of refused) {
        const entry = remaining.find((candidate) => candidate.index === index);
        const reason = explainCancellation(roles, { parentId: entry?.record.parentId });
        if (reason instanceof KeyAlreadyUsed && entry?.idempotency)
          results[index] = await replayed(deps, { ...entry, idempotency: entry.idempotency });
        else if (reason instanceof RetryableConflict && entry) {
          raced.push(entry);
          if (roles.has("rate")) for (const guard of entry.rates) racedCurrencies.add(guard.currency);
        } else results[index] = failed(index, reason);
      }
      // A merged parent count, like a currency's rate check, is owned by its first record: every record naming
      // that parent, or converted into that currency, goes round again.
      const racedParents = new Set(raced.map((entry) => entry.record.parentId));
      const again = remaining.filter(
        (entry) =>
          !refused.has(entry.index) &&
          ((racedParents.has(entry.record.parentId) && entry.record.parentId) ||
            entry.rates.some((guard) => racedCurrencies.has(guard.currency))),
      );
      raced.push(...again);
      remaining = remaining.filter((entry) => !refused.has(entry.index) && !again.includes(entry));
      if (raced.length > 0) {
        for (const entry of raced) if (entry.record.parentId) parents.delete(entry.record.parentId);
        if (remaining.length === 0) return raced;
        // Write the rest now; the raced ones are re-read and retried by the caller.
        const rest = await writeGroup(deps, remaining, parents, results);
        return [...raced, ...rest];
      }
    }
  }
  return [];
}
