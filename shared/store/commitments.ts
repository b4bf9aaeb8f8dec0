/**
 * Commitments: create, revise, attach sources, delete, and batch ingest. Each change is one TransactWriteItems
 * (record + revision + list entries + fingerprint + counts) with optimistic locking on `version`; a cancelled
 * transaction is read back into the typed error the caller should see, and nothing is left half-written.
 */
import { createHash } from "node:crypto";
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { ulid } from "ulid";
import type { Deps } from "../deps.ts";
import {
  type Amount,
  type Commitment,
  type CommitmentInput,
  commitmentInput,
  commitmentSchema,
  type Revision,
  type Source,
  withSlugs,
  writableFields,
} from "../domain/commitment.ts";
import { fingerprint } from "../domain/fingerprint.ts";
import type { FxRate } from "../domain/fx.ts";
import { toUsd } from "../domain/fx.ts";
import { applyMergePatch, canonicalJson, diffRecords } from "../domain/revisions.ts";
import {
  ConflictError,
  DuplicateError,
  fieldErrorsFrom,
  NotFoundError,
  PreconditionFailedError,
  TrackerError,
  ValidationError,
} from "../errors.ts";
import { type CommitmentItem, fromCommitmentItem } from "../table/items.ts";
import { keys } from "../table/keys.ts";
import { type Change, coverForParts, planChange } from "./commitment-plan.ts";
import { findRate } from "./fx-rates.ts";
import {
  cancellationReasons,
  MAX_TRANSACTION_BYTES,
  MAX_TRANSACTION_ITEMS,
  runTransaction,
  TransactionPlan,
} from "./transaction.ts";

/** How long an Idempotency-Key is remembered. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** Deepest parent chain followed when checking a new parent link for cycles. */
const MAX_ANCESTRY = 32;

export interface Idempotency {
  principal: string;
  key: string;
  /** Hash of the request the key was first used with; the same key with another request is refused. */
  requestHash: string;
}

export interface CreateOptions {
  allowDuplicate?: boolean;
  idempotency?: Idempotency | undefined;
}

export interface CreateResult {
  commitment: Commitment;
  replayed: boolean;
}

type RateLookup = (currency: string, date: string) => Promise<FxRate | undefined>;

/** A cached rate lookup: one Query per (currency, date) in a request. */
function rateLookup(deps: Deps): RateLookup {
  const cache = new Map<string, Promise<FxRate | undefined>>();
  return (currency, date) => {
    const key = `${currency}|${date}`;
    let rate = cache.get(key);
    if (!rate) {
      rate = findRate(deps, currency, date);
      cache.set(key, rate);
    }
    return rate;
  };
}

async function usdFor(amount: Amount | undefined, announcedOn: string, rates: RateLookup) {
  if (!amount || amount.currency === "USD") return toUsd(amount, undefined);
  return toUsd(amount, await rates(amount.currency, announcedOn));
}

/** The stored record for validated input: slugs, USD conversion and bookkeeping fields in a stable order. */
async function toRecord(
  input: CommitmentInput,
  meta: { id: string; version: number; createdAt: string; updatedAt: string },
  rates: RateLookup,
): Promise<Commitment> {
  return commitmentSchema.parse({
    id: meta.id,
    title: input.title,
    ...(input.description !== undefined ? { description: input.description } : {}),
    announcedOn: input.announcedOn,
    announcedOnPrecision: input.announcedOnPrecision,
    parties: withSlugs(input.parties),
    ...(input.amount ? { amount: input.amount } : {}),
    amountUsd: await usdFor(input.amount, input.announcedOn, rates),
    ...(input.period ? { period: input.period } : {}),
    categories: input.categories,
    location: input.location,
    ...(input.capacity ? { capacity: input.capacity } : {}),
    status: input.status,
    confidence: input.confidence,
    ...(input.parentId ? { parentId: input.parentId } : {}),
    sources: input.sources,
    ...(input.tags ? { tags: input.tags } : {}),
    version: meta.version,
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
  });
}

function newId(): string {
  return `cmt_${ulid()}`;
}

/** The item a cancellation reason carries back (ReturnValuesOnConditionCheckFailure), as plain JSON. */
function reasonItem(
  reason: { Item?: Record<string, unknown> } | undefined,
): Record<string, unknown> | undefined {
  const item = reason?.Item;
  if (!item) return undefined;
  const first = Object.values(item)[0];
  const marshalled =
    first !== null &&
    typeof first === "object" &&
    !Array.isArray(first) &&
    Object.keys(first).length === 1 &&
    /^(S|N|M|L|BOOL|NULL|SS|NS|B|BS)$/.test(Object.keys(first)[0] as string);
  return marshalled ? unmarshall(item as never) : item;
}

export async function getCommitmentItem(
  deps: Deps,
  id: string,
  consistent = true,
): Promise<CommitmentItem | undefined> {
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.tableName, Key: keys.commitment(id), ConsistentRead: consistent }),
  );
  return fromCommitmentItem(Item);
}

export function requestHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

const CREATE_ROUTE = "POST /commitments";
const BATCH_ROUTE = "POST /commitments/batch";

function idempotencyPut(deps: Deps, idempotency: Idempotency, record: Commitment, route = CREATE_ROUTE) {
  const now = deps.now();
  return {
    item: {
      ...keys.idempotency(idempotency.principal, route, idempotency.key),
      type: "idempotency",
      requestHash: idempotency.requestHash,
      status: 201,
      response: record,
      createdAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
    },
    condition: {
      expression: "attribute_not_exists(pk) OR expiresAt < :now",
      values: { ":now": Math.floor(now.getTime() / 1000) },
    },
  };
}

async function replay(deps: Deps, idempotency: Idempotency, route = CREATE_ROUTE): Promise<CreateResult> {
  const { Item } = await deps.db.send(
    new GetCommand({
      TableName: deps.tableName,
      Key: keys.idempotency(idempotency.principal, route, idempotency.key),
      ConsistentRead: true,
    }),
  );
  if (!Item) throw new ConflictError("a request with this Idempotency-Key is in progress; retry shortly");
  if (Item.requestHash !== idempotency.requestHash)
    throw new ValidationError("this Idempotency-Key was used with a different request", {
      errors: [{ path: "Idempotency-Key", message: "already used for another request body" }],
    });
  return { commitment: commitmentSchema.parse(Item.response), replayed: true };
}

/** A record whose writes (entries and counts per party and category) do not fit in one transaction. */
function tooManyWrites(size: number): ValidationError {
  return new ValidationError(
    `this commitment needs ${size} writes, more than one transaction holds (${MAX_TRANSACTION_ITEMS}); name fewer parties or categories`,
    { errors: [{ path: "parties", message: "too many parties and categories to record in one step" }] },
  );
}

/** A write that lost a race with another writer through no fault of the caller: re-read and try again. */
export class RetryableConflict extends ConflictError {}

/** The Idempotency-Key's record exists: the same request already went through (or a different one used the key). */
class KeyAlreadyUsed extends ConflictError {}

/** How often a write re-reads and retries after losing a race it did not cause. */
const RACE_ATTEMPTS = 6;

async function retryRaces<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RetryableConflict) || tries >= RACE_ATTEMPTS) throw error;
    }
  }
}

function createdRevision(record: Commitment): Revision {
  return { version: 1, at: record.createdAt, change: "created", fields: diffRecords(null, record) };
}

/** The parent a new part names, as read: it must exist, and its cover decides whether the part counts. */
async function readParent(deps: Deps, parentId: string): Promise<CommitmentItem> {
  const parent = await getCommitmentItem(deps, parentId);
  if (!parent)
    throw new ValidationError("the parent does not exist", {
      errors: [{ path: "parentId", message: `no commitment ${parentId}` }],
    });
  return parent;
}

/** Which roles' conditions failed in a cancelled transaction (undefined when it was not a cancellation). */
function failedRoles<Owner>(
  plan: TransactionPlan<Owner>,
  error: unknown,
): Map<string, { owner: Owner; item?: Record<string, unknown> }> | undefined {
  const reasons = cancellationReasons(error);
  if (!reasons) return undefined;
  const failed = new Map<string, { owner: Owner; item?: Record<string, unknown> }>();
  plan.list().forEach((planned, index) => {
    if (reasons[index]?.Code === "ConditionalCheckFailed") {
      const item = reasonItem(reasons[index]);
      failed.set(planned.role, { owner: planned.owner, ...(item ? { item } : {}) });
    }
  });
  return failed.size > 0 ? failed : undefined;
}

function explainCancellation(
  failed: Map<string, { item?: Record<string, unknown> }>,
  context: { parentId?: string | undefined; version?: number | undefined },
): TrackerError {
  if (failed.has("idempotency")) return new KeyAlreadyUsed("this Idempotency-Key was used before");
  const duplicate = failed.get("fingerprint");
  if (duplicate) {
    const existingId = duplicate.item?.id as string | undefined;
    return new DuplicateError(
      `this looks like ${existingId ?? "an existing commitment"}: same funders, currency, figure and month. Attach it as a source with POST /commitments/${existingId ?? "{id}"}/sources, or repeat with ?allowDuplicate=true`,
      { extra: { existingId } },
    );
  }
  if (failed.has("parent")) {
    const item = failed.get("parent")?.item;
    if (item && item.type === "commitment")
      return new RetryableConflict("the parent commitment changed meanwhile; retry");
    return new ValidationError("the parent does not exist", {
      errors: [{ path: "parentId", message: `no commitment ${context.parentId}` }],
    });
  }
  if (failed.has("ancestor") || failed.has("flip"))
    return new RetryableConflict("a related commitment changed meanwhile; retry");
  if (failed.has("record")) {
    const item = failed.get("record")?.item;
    if (item && typeof item.version === "number" && item.version === context.version) {
      if (
        typeof item.childCount === "number" &&
        item.childCount > 0 &&
        failed.size === 1 &&
        context.parentId === "(deleting)"
      )
        return new ConflictError(
          `${item.childCount} other commitment(s) are parts of this one; delete or re-parent them first`,
        );
      // Same version, yet the condition failed: its parts or its cover changed under it.
      return new RetryableConflict("the commitment's parts changed meanwhile; retry");
    }
    return new PreconditionFailedError(
      `the commitment was changed meanwhile${item?.version !== undefined ? `; it is now at version ${item.version}` : ""}`,
    );
  }
  return new ConflictError(`the write was refused: ${[...failed.keys()].join(", ")}`);
}

function validated(value: unknown): CommitmentInput {
  const result = commitmentInput.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError("the commitment would not be valid", { errors: fieldErrorsFrom(result.error) });
}

async function current(deps: Deps, id: string): Promise<CommitmentItem> {
  const item = await getCommitmentItem(deps, id);
  if (!item) throw new NotFoundError(`no commitment ${id}`);
  return item;
}

function checkVersion(expected: number | undefined, item: CommitmentItem): void {
  if (expected !== undefined && expected !== item.version)
    throw new PreconditionFailedError(
      `If-Match names version ${expected}; the commitment is at version ${item.version}`,
    );
}

async function send(
  deps: Deps,
  plan: TransactionPlan<number>,
  context: { parentId?: string | undefined; version?: number | undefined },
) {
  if (plan.size > MAX_TRANSACTION_ITEMS) throw tooManyWrites(plan.size);
  try {
    await runTransaction(deps, plan);
  } catch (error) {
    const failed = failedRoles(plan, error);
    if (!failed) throw error;
    throw explainCancellation(failed, context);
  }
}

/** Records a new commitment; 409 with the existing id when its fingerprint is taken (unless allowDuplicate). */
export async function createCommitment(
  deps: Deps,
  input: CommitmentInput,
  options: CreateOptions = {},
): Promise<CreateResult> {
  const at = deps.now().toISOString();
  const record = await toRecord(
    input,
    { id: newId(), version: 1, createdAt: at, updatedAt: at },
    rateLookup(deps),
  );
  return retryRaces(async () => {
    const parent = record.parentId ? await readParent(deps, record.parentId) : undefined;
    const plan = new TransactionPlan<number>();
    if (options.idempotency) {
      const { item, condition } = idempotencyPut(deps, options.idempotency, record);
      plan.put(0, "idempotency", item, condition);
    }
    planChange(plan, 0, {
      before: undefined,
      after: record,
      revision: createdRevision(record),
      fingerprint: options.allowDuplicate ? undefined : fingerprint(record),
      coveredAfter: parent ? coverForParts(parent.record, parent.covered) : false,
      parent: parent && { version: parent.version, covered: parent.covered },
    });
    try {
      await send(deps, plan, { parentId: record.parentId });
      return { commitment: record, replayed: false };
    } catch (error) {
      if (error instanceof KeyAlreadyUsed && options.idempotency) return replay(deps, options.idempotency);
      throw error;
    }
  });
}

/** The parent chain above `parentId`, refusing a link that would make `id` its own ancestor. */
async function ancestry(deps: Deps, id: string, parentId: string) {
  if (parentId === id)
    throw new ValidationError("a commitment cannot be part of itself", {
      errors: [{ path: "parentId", message: "is this commitment" }],
    });
  const parent = await readParent(deps, parentId);
  const ancestors: { id: string; version: number }[] = [];
  let next = parent.record.parentId;
  while (next) {
    if (next === id)
      throw new ValidationError("the parent link would make a cycle", {
        errors: [{ path: "parentId", message: `${parentId} is already part of ${id}` }],
      });
    if (ancestors.length >= MAX_ANCESTRY)
      throw new ValidationError("the parent chain is too deep", {
        errors: [{ path: "parentId", message: `more than ${MAX_ANCESTRY} levels` }],
      });
    const ancestor = await getCommitmentItem(deps, next);
    if (!ancestor) break;
    ancestors.push({ id: ancestor.record.id, version: ancestor.version });
    next = ancestor.record.parentId;
  }
  return { parent, ancestors };
}

/**
 * The parts (and their parts) whose cover changes when a record's own cover for its parts becomes `cover`: their
 * money leaves the totals when an ancestor gains an amount and comes back when it loses it.
 */
async function flipsUnder(
  deps: Deps,
  item: CommitmentItem,
  cover: boolean,
): Promise<{ item: CommitmentItem; covered: boolean }[]> {
  const flips: { item: CommitmentItem; covered: boolean }[] = [];
  let frontier: { id: string; cover: boolean }[] = [{ id: item.record.id, cover }];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { id, cover: parentCover } of frontier) {
      for (const childId of await partIds(deps, id)) {
        const child = await getCommitmentItem(deps, childId);
        if (!child || child.covered === parentCover) continue;
        flips.push({ item: child, covered: parentCover });
        if (child.record.amount === undefined && child.childCount > 0)
          next.push({ id: childId, cover: parentCover });
      }
    }
    frontier = next;
  }
  return flips;
}

async function partIds(deps: Deps, id: string): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.send(
      new QueryCommand({
        TableName: deps.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.listPartition("parent", id) },
        ProjectionExpression: "id",
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const entry of page.Items ?? []) ids.push(entry.id as string);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return ids;
}

interface ReviseOptions {
  expectedVersion?: number | undefined;
  allowDuplicate?: boolean | undefined;
  change: Revision["change"];
  note?: string | undefined;
  source?: Source | undefined;
}

/**
 * Writes the state `build` makes of the current record; unchanged when nothing differs. Races the caller did not
 * cause (a part added, an ancestor's cover flipped) are retried on a fresh read; a stale If-Match is a 412.
 */
async function revise(
  deps: Deps,
  id: string,
  build: (item: CommitmentItem) => CommitmentInput,
  options: ReviseOptions,
): Promise<Commitment> {
  return retryRaces(async () => {
    const item = await current(deps, id);
    checkVersion(options.expectedVersion, item);
    const before = item.record;
    const at = deps.now().toISOString();
    const candidate = await toRecord(
      build(item),
      { id: before.id, version: item.version + 1, createdAt: before.createdAt, updatedAt: at },
      rateLookup(deps),
    );
    const fields = diffRecords(before, candidate);
    if (Object.keys(fields).length === 0) return before;
    const link =
      candidate.parentId && candidate.parentId !== before.parentId
        ? await ancestry(deps, before.id, candidate.parentId)
        : undefined;
    const coveredAfter = link
      ? coverForParts(link.parent.record, link.parent.covered)
      : candidate.parentId
        ? item.covered
        : false;
    const coverChanges = coverForParts(before, item.covered) !== coverForParts(candidate, coveredAfter);
    const flips =
      coverChanges && item.childCount > 0
        ? await flipsUnder(deps, item, coverForParts(candidate, coveredAfter))
        : [];
    // A record created with allowDuplicate owns no fingerprint and never starts to; one that owns one moves it
    // with the figure, or gives it up when this change is itself allowed to duplicate.
    const newFingerprint = fingerprint(candidate);
    const owned = item.fingerprint;
    const fingerprintAfter =
      owned === undefined || newFingerprint === owned
        ? owned
        : options.allowDuplicate
          ? undefined
          : newFingerprint;
    const revision: Revision = {
      version: candidate.version,
      at,
      change: options.change,
      fields,
      ...(options.note ? { note: options.note } : {}),
      ...(options.source ? { source: options.source } : {}),
    };
    const plan = new TransactionPlan<number>();
    const change: Change = {
      before: item,
      after: candidate,
      revision,
      fingerprint: fingerprintAfter,
      coveredAfter,
      flips,
      ...(link
        ? {
            parent: { version: link.parent.version, covered: link.parent.covered },
            ancestors: link.ancestors,
          }
        : {}),
    };
    planChange(plan, 0, change);
    await send(deps, plan, { parentId: candidate.parentId, version: item.version });
    return candidate;
  });
}

/** A merge patch with `value` replaces the range rather than merging with it. */
function patchBase(item: CommitmentItem, patch: Record<string, unknown>): Record<string, unknown> {
  const base = writableFields(item.record);
  if (
    patch.amount &&
    typeof patch.amount === "object" &&
    "value" in patch.amount &&
    base.amount &&
    typeof base.amount === "object"
  ) {
    const { low, high, ...rest } = base.amount as Record<string, unknown>;
    base.amount = rest;
  }
  return base;
}

/** Applies a JSON merge patch at the version the client names (If-Match). */
export async function patchCommitment(
  deps: Deps,
  id: string,
  patch: Record<string, unknown>,
  options: { expectedVersion: number; allowDuplicate?: boolean },
): Promise<Commitment> {
  return revise(deps, id, (item) => validated(applyMergePatch(patchBase(item, patch), patch)), {
    expectedVersion: options.expectedVersion,
    allowDuplicate: options.allowDuplicate,
    change: "updated",
  });
}

/** Attaches a further report; a new figure in the same step is a revision that names that source. */
export async function addSource(
  deps: Deps,
  id: string,
  attachment: { source: Source; amount?: Amount | undefined; note?: string | undefined },
  options: { expectedVersion?: number | undefined } = {},
): Promise<Commitment> {
  const build = (item: CommitmentItem) => {
    if (item.record.sources.some((source) => source.url === attachment.source.url))
      throw new ConflictError(`the source ${attachment.source.url} is already attached`);
    if (item.record.sources.length >= 20)
      throw new ValidationError("a commitment holds at most 20 sources", {
        errors: [{ path: "source", message: "too many sources" }],
      });
    return validated({
      ...writableFields(item.record),
      sources: [...item.record.sources, attachment.source],
      ...(attachment.amount ? { amount: attachment.amount } : {}),
    });
  };
  const revision = {
    expectedVersion: options.expectedVersion,
    change: "source-added" as const,
    note: attachment.note,
    source: attachment.source,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await revise(deps, id, build, revision).catch((error: unknown) => {
        // A revised figure that matches another record's fingerprint is still this deal's figure: keep it, unclaimed.
        if (error instanceof DuplicateError)
          return revise(deps, id, build, { ...revision, allowDuplicate: true });
        throw error;
      });
    } catch (error) {
      // Appending a source commutes with other changes: re-read and re-apply unless the client pinned a version.
      if (error instanceof PreconditionFailedError && options.expectedVersion === undefined && attempt < 5)
        continue;
      throw error;
    }
  }
}

/** Removes a commitment from queries and totals; its revisions, ending with a `deleted` one, stay readable. */
export async function deleteCommitment(
  deps: Deps,
  id: string,
  options: { expectedVersion?: number | undefined } = {},
): Promise<void> {
  await retryRaces(async () => {
    const item = await current(deps, id);
    checkVersion(options.expectedVersion, item);
    if (item.childCount > 0)
      throw new ConflictError(
        `${item.childCount} other commitment(s) are parts of this one; delete or re-parent them first`,
      );
    const revision: Revision = {
      version: item.version + 1,
      at: deps.now().toISOString(),
      change: "deleted",
      fields: diffRecords(item.record, null),
    };
    const plan = new TransactionPlan<number>();
    planChange(plan, 0, {
      before: item,
      after: undefined,
      revision,
      fingerprint: undefined,
      coveredAfter: false,
    });
    await send(deps, plan, { parentId: "(deleting)", version: item.version });
  });
}

/** Re-converts one commitment after a rate change; returns whether its USD figures changed. */
export async function reconvertCommitment(deps: Deps, id: string, note: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const item = await getCommitmentItem(deps, id);
    if (!item) return false;
    try {
      const after = await revise(deps, id, (latest) => validated(writableFields(latest.record)), {
        change: "updated",
        note,
      });
      return after.version !== item.version;
    } catch (error) {
      if ((error instanceof PreconditionFailedError || error instanceof NotFoundError) && attempt < 5)
        continue;
      throw error;
    }
  }
}

export interface BatchResult {
  index: number;
  status: number;
  result: "created" | "error";
  id?: string;
  error?: TrackerError;
}

interface Pending {
  index: number;
  record: Commitment;
  fingerprint: string | undefined;
  /** The item's own key under the batch's Idempotency-Key (`<key>#<index>`), so a rerun completes the batch. */
  idempotency?: Idempotency | undefined;
}

/**
 * Records many commitments in as few transactions as the limits allow (100 items, 4 MB each); counts on the
 * same party or aggregate merge into one update. An item that fails validation or a condition is reported on
 * its own and the rest are written.
 */
export async function createCommitments(
  deps: Deps,
  items: unknown[],
  options: { allowDuplicate?: boolean; idempotency?: { principal: string; key: string } | undefined } = {},
): Promise<BatchResult[]> {
  const results: BatchResult[] = new Array(items.length);
  const rates = rateLookup(deps);
  const at = deps.now().toISOString();
  const pending: Pending[] = [];
  const seen = new Map<string, string>();
  for (const [index, raw] of items.entries()) {
    const parsed = commitmentInput.safeParse(raw);
    if (!parsed.success) {
      const error = new ValidationError(`item ${index} is not valid`, {
        errors: fieldErrorsFrom(parsed.error),
      });
      results[index] = { index, status: 422, result: "error", error };
      continue;
    }
    const record = await toRecord(
      parsed.data,
      { id: newId(), version: 1, createdAt: at, updatedAt: at },
      rates,
    );
    const recordFingerprint = options.allowDuplicate ? undefined : fingerprint(record);
    const earlier = recordFingerprint ? seen.get(recordFingerprint) : undefined;
    if (earlier) {
      const error = new DuplicateError(`item ${index} repeats an earlier item of this batch`, {
        extra: { existingId: earlier },
      });
      results[index] = { index, status: 409, result: "error", error };
      continue;
    }
    if (recordFingerprint) seen.set(recordFingerprint, record.id);
    const idempotency = options.idempotency && {
      principal: options.idempotency.principal,
      key: `${options.idempotency.key}#${index}`,
      requestHash: requestHash({ item: raw, allowDuplicate: options.allowDuplicate ?? false }),
    };
    pending.push({ index, record, fingerprint: recordFingerprint, idempotency });
  }
  let remaining = pending;
  for (let round = 0; remaining.length > 0 && round < RACE_ATTEMPTS; round++) {
    const parents = await readParents(deps, remaining, results);
    remaining = remaining.filter((entry) => results[entry.index] === undefined);
    const retry: Pending[] = [];
    for (const group of pack(deps, remaining, parents))
      retry.push(...(await writeGroup(deps, group, parents, results)));
    remaining = retry;
  }
  for (const entry of remaining)
    results[entry.index] = {
      index: entry.index,
      status: 409,
      result: "error",
      error: new ConflictError("the parent kept changing; retry"),
    };
  return results;
}

type Parents = Map<string, CommitmentItem>;

/** Reads each distinct parent once; items whose parent does not exist fail on their own. */
async function readParents(deps: Deps, entries: Pending[], results: BatchResult[]): Promise<Parents> {
  const parents: Parents = new Map();
  for (const id of new Set(
    entries.flatMap((entry) => (entry.record.parentId ? [entry.record.parentId] : [])),
  )) {
    const parent = await getCommitmentItem(deps, id);
    if (parent) parents.set(id, parent);
  }
  for (const entry of entries) {
    const parentId = entry.record.parentId;
    if (parentId && !parents.has(parentId))
      results[entry.index] = {
        index: entry.index,
        status: 422,
        result: "error",
        error: new ValidationError("the parent does not exist", {
          errors: [{ path: "parentId", message: `no commitment ${parentId}` }],
        }),
      };
  }
  return parents;
}

/** One batch item's share of a transaction: its idempotency record (if any), then the change itself. */
function planCreate(deps: Deps, plan: TransactionPlan<number>, entry: Pending, parents: Parents): void {
  if (entry.idempotency) {
    const { item, condition } = idempotencyPut(deps, entry.idempotency, entry.record, BATCH_ROUTE);
    plan.put(entry.index, "idempotency", item, condition);
  }
  const parent = entry.record.parentId ? parents.get(entry.record.parentId) : undefined;
  planChange(plan, entry.index, {
    before: undefined,
    after: entry.record,
    revision: createdRevision(entry.record),
    fingerprint: entry.fingerprint,
    coveredAfter: parent ? coverForParts(parent.record, parent.covered) : false,
    parent: parent && { version: parent.version, covered: parent.covered },
  });
}

/**
 * Greedy packing: records in order, a new transaction when the next would not fit. Each candidate is planned
 * with the group so far, so counts that merge (a shared party, month or country) are counted once.
 */
function pack(deps: Deps, entries: Pending[], parents: Parents): Pending[][] {
  const groups: Pending[][] = [];
  let group: Pending[] = [];
  for (const entry of entries) {
    const trial = new TransactionPlan<number>();
    for (const member of [...group, entry]) planCreate(deps, trial, member, parents);
    if (group.length > 0 && (trial.size > MAX_TRANSACTION_ITEMS || trial.bytes > MAX_TRANSACTION_BYTES)) {
      groups.push(group);
      group = [];
    }
    group.push(entry);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** A batch item written by an earlier run under the same key: its result again, or 422 if the item differs. */
async function replayed(deps: Deps, entry: Pending): Promise<BatchResult> {
  try {
    const { commitment } = await replay(deps, entry.idempotency as Idempotency, BATCH_ROUTE);
    return { index: entry.index, status: 201, result: "created", id: commitment.id };
  } catch (error) {
    if (!(error instanceof TrackerError)) throw error;
    return { index: entry.index, status: error.status, result: "error", error };
  }
}

/** Writes one packed group; returns the entries to try again after a race on a parent. */
async function writeGroup(
  deps: Deps,
  members: Pending[],
  parents: Parents,
  results: BatchResult[],
): Promise<Pending[]> {
  let remaining = members;
  while (remaining.length > 0) {
    const plan = new TransactionPlan<number>();
    for (const entry of remaining) planCreate(deps, plan, entry, parents);
    if (plan.size > MAX_TRANSACTION_ITEMS) {
      // Only a single record can overflow on its own (the packing keeps groups within the limit).
      for (const entry of remaining)
        results[entry.index] = {
          index: entry.index,
          status: 422,
          result: "error",
          error: tooManyWrites(plan.size),
        };
      return [];
    }
    try {
      await runTransaction(deps, plan);
      for (const entry of remaining)
        results[entry.index] = { index: entry.index, status: 201, result: "created", id: entry.record.id };
      return [];
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      const refused = new Map<number, Map<string, { item?: Record<string, unknown> }>>();
      plan.list().forEach((planned, position) => {
        if (reasons[position]?.Code !== "ConditionalCheckFailed") return;
        const roles = refused.get(planned.owner) ?? new Map();
        const item = reasonItem(reasons[position]);
        roles.set(planned.role, item ? { item } : {});
        refused.set(planned.owner, roles);
      });
      if (refused.size === 0) throw error;
      const raced: Pending[] = [];
      for (const [index, roles] of refused) {
        const entry = remaining.find((candidate) => candidate.index === index);
        const reason = explainCancellation(roles, { parentId: entry?.record.parentId });
        if (reason instanceof KeyAlreadyUsed && entry?.idempotency)
          results[index] = await replayed(deps, entry);
        else if (reason instanceof RetryableConflict && entry) raced.push(entry);
        else results[index] = { index, status: reason.status, result: "error", error: reason };
      }
      // A merged parent count is owned by its first record: every record naming that parent goes round again.
      const racedParents = new Set(raced.map((entry) => entry.record.parentId));
      const again = remaining.filter(
        (entry) =>
          !refused.has(entry.index) && racedParents.has(entry.record.parentId) && entry.record.parentId,
      );
      raced.push(...again);
      remaining = remaining.filter((entry) => !refused.has(entry.index) && !again.includes(entry));
      if (raced.length > 0) {
        for (const entry of raced) parents.delete(entry.record.parentId as string);
        if (remaining.length === 0) return raced;
        // Write the rest now; the raced ones are re-read and retried by the caller.
        const rest = await writeGroup(deps, remaining, parents, results);
        return [...raced, ...rest];
      }
    }
  }
  return [];
}
