/**
 * Commitments: create, revise, attach sources, delete, and batch ingest. Each change is one TransactWriteItems
 * (record + revision + list entries + fingerprint + counts) with optimistic locking on `version`; a cancelled
 * transaction is read back into the typed error the caller should see, and nothing is left half-written.
 */
import { createHash } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
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
  type TrackerError,
  ValidationError,
} from "../errors.ts";
import { type CommitmentItem, fromCommitmentItem } from "../table/items.ts";
import { keys } from "../table/keys.ts";
import { type Change, planChange } from "./commitment-plan.ts";
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

function idempotencyPut(deps: Deps, idempotency: Idempotency, record: Commitment) {
  const now = deps.now();
  return {
    item: {
      ...keys.idempotency(idempotency.principal, "POST /commitments", idempotency.key),
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

async function replay(deps: Deps, idempotency: Idempotency): Promise<CreateResult> {
  const { Item } = await deps.db.send(
    new GetCommand({
      TableName: deps.tableName,
      Key: keys.idempotency(idempotency.principal, "POST /commitments", idempotency.key),
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

function createdRevision(record: Commitment, note?: string): Revision {
  return {
    version: 1,
    at: record.createdAt,
    change: "created",
    fields: diffRecords(null, record),
    ...(note ? { note } : {}),
  };
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
  const recordFingerprint = options.allowDuplicate ? undefined : fingerprint(record);
  const plan = new TransactionPlan<number>();
  if (options.idempotency) {
    const { item, condition } = idempotencyPut(deps, options.idempotency, record);
    plan.put(0, "idempotency", item, condition);
  }
  planChange(plan, 0, {
    before: undefined,
    after: record,
    revision: createdRevision(record),
    fingerprint: recordFingerprint,
  });
  if (plan.size > MAX_TRANSACTION_ITEMS) throw tooManyWrites(plan.size);
  try {
    await runTransaction(deps, plan);
    return { commitment: record, replayed: false };
  } catch (error) {
    const failed = failedRoles(plan, error);
    if (!failed) throw error;
    if (failed.has("idempotency") && options.idempotency) return replay(deps, options.idempotency);
    throw explainCancellation(failed, record.parentId);
  }
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
  parentId: string | undefined,
): TrackerError {
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
      return new ConflictError("the parent commitment changed while this was being written; retry");
    return new ValidationError("the parent does not exist", {
      errors: [{ path: "parentId", message: `no commitment ${parentId}` }],
    });
  }
  if (failed.has("ancestor"))
    return new ConflictError("a commitment above the new parent changed meanwhile; retry");
  if (failed.has("record")) {
    const item = failed.get("record")?.item;
    if (item && typeof item.childCount === "number" && item.childCount > 0 && failed.size === 1)
      return new ConflictError(
        `${item.childCount} other commitment(s) are parts of this one; delete or re-parent them first`,
      );
    return new PreconditionFailedError(
      `the commitment was changed meanwhile${item?.version !== undefined ? `; it is now at version ${item.version}` : ""}`,
    );
  }
  return new ConflictError(`the write was refused: ${[...failed.keys()].join(", ")}`);
}

function validated(value: unknown): CommitmentInput {
  const result = commitmentInput.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError("the commitment would not be valid", {
    errors: fieldErrorsFrom(result.error),
  });
}

async function current(deps: Deps, id: string): Promise<CommitmentItem> {
  const item = await getCommitmentItem(deps, id);
  if (!item) throw new NotFoundError(`no commitment ${id}`);
  return item;
}

/** The parent chain above `parentId`, refusing a link that would make `id` its own ancestor. */
async function ancestry(
  deps: Deps,
  id: string,
  parentId: string,
): Promise<{ parentVersion: number; ancestors: { id: string; version: number }[] }> {
  if (parentId === id)
    throw new ValidationError("a commitment cannot be part of itself", {
      errors: [{ path: "parentId", message: "is this commitment" }],
    });
  const parent = await getCommitmentItem(deps, parentId);
  if (!parent)
    throw new ValidationError("the parent does not exist", {
      errors: [{ path: "parentId", message: `no commitment ${parentId}` }],
    });
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
  return { parentVersion: parent.version, ancestors };
}

interface ReviseOptions {
  expectedVersion?: number | undefined;
  allowDuplicate?: boolean | undefined;
  change: Revision["change"];
  note?: string | undefined;
  source?: Source | undefined;
}

/** Writes `next` (validated input) as the new state of `item`; returns the item unchanged when nothing differs. */
async function revise(
  deps: Deps,
  item: CommitmentItem,
  next: CommitmentInput,
  options: ReviseOptions,
): Promise<Commitment> {
  const before = item.record;
  if (options.expectedVersion !== undefined && options.expectedVersion !== item.version)
    throw new PreconditionFailedError(
      `If-Match names version ${options.expectedVersion}; the commitment is at version ${item.version}`,
    );
  const at = deps.now().toISOString();
  const candidate = await toRecord(
    next,
    { id: before.id, version: item.version + 1, createdAt: before.createdAt, updatedAt: at },
    rateLookup(deps),
  );
  const fields = diffRecords(before, candidate);
  if (Object.keys(fields).length === 0) return before;
  const parentLink =
    candidate.parentId && candidate.parentId !== before.parentId
      ? await ancestry(deps, before.id, candidate.parentId)
      : undefined;
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
    ...parentLink,
  };
  planChange(plan, 0, change);
  if (plan.size > MAX_TRANSACTION_ITEMS)
    throw new ValidationError(
      `this change touches ${plan.size} items, more than one transaction holds (${MAX_TRANSACTION_ITEMS}); make it in smaller steps`,
    );
  try {
    await runTransaction(deps, plan);
    return candidate;
  } catch (error) {
    const failed = failedRoles(plan, error);
    if (!failed) throw error;
    throw explainCancellation(failed, candidate.parentId);
  }
}

/** Applies a JSON merge patch at the version the client names (If-Match). */
export async function patchCommitment(
  deps: Deps,
  id: string,
  patch: Record<string, unknown>,
  options: { expectedVersion: number; allowDuplicate?: boolean },
): Promise<Commitment> {
  const item = await current(deps, id);
  if (item.version !== options.expectedVersion)
    throw new PreconditionFailedError(
      `If-Match names version ${options.expectedVersion}; the commitment is at version ${item.version}`,
    );
  const base = writableFields(item.record);
  // A new `value` replaces the range rather than merging with it.
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
  const next = validated(applyMergePatch(base, patch));
  return revise(deps, item, next, {
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
  for (let attempt = 1; ; attempt++) {
    const item = await current(deps, id);
    if (item.record.sources.some((source) => source.url === attachment.source.url))
      throw new ConflictError(`the source ${attachment.source.url} is already attached`);
    if (item.record.sources.length >= 20)
      throw new ValidationError("a commitment holds at most 20 sources", {
        errors: [{ path: "source", message: "too many sources" }],
      });
    const base = writableFields(item.record);
    const next = validated({
      ...base,
      sources: [...item.record.sources, attachment.source],
      ...(attachment.amount ? { amount: attachment.amount } : {}),
    });
    const revision = {
      expectedVersion: options.expectedVersion,
      change: "source-added" as const,
      note: attachment.note,
      source: attachment.source,
    };
    try {
      return await revise(deps, item, next, revision).catch((error: unknown) => {
        // A revised figure that matches another record's fingerprint is still this deal's figure: keep it, unclaimed.
        if (error instanceof DuplicateError)
          return revise(deps, item, next, { ...revision, allowDuplicate: true });
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
  const item = await current(deps, id);
  if (options.expectedVersion !== undefined && options.expectedVersion !== item.version)
    throw new PreconditionFailedError(
      `If-Match names version ${options.expectedVersion}; the commitment is at version ${item.version}`,
    );
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
  planChange(plan, 0, { before: item, after: undefined, revision, fingerprint: undefined });
  try {
    await runTransaction(deps, plan);
  } catch (error) {
    const failed = failedRoles(plan, error);
    if (!failed) throw error;
    throw explainCancellation(failed, undefined);
  }
}

/** Re-converts one commitment after a rate change; returns whether its USD figures changed. */
export async function reconvertCommitment(deps: Deps, id: string, note: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const item = await getCommitmentItem(deps, id);
    if (!item) return false;
    try {
      const next = validated(writableFields(item.record));
      const after = await revise(deps, item, next, { change: "updated", note });
      return after.version !== item.version;
    } catch (error) {
      if (error instanceof PreconditionFailedError && attempt < 5) continue;
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

/**
 * Records many commitments in as few transactions as the limits allow (100 items, 4 MB each); counts on the
 * same party merge into one update. An item that fails validation or a condition is reported on its own and
 * the rest are written.
 */
export async function createCommitments(
  deps: Deps,
  items: unknown[],
  options: { allowDuplicate?: boolean } = {},
): Promise<BatchResult[]> {
  const results: BatchResult[] = new Array(items.length);
  const rates = rateLookup(deps);
  const at = deps.now().toISOString();
  const pending: { index: number; record: Commitment; fingerprint: string | undefined }[] = [];
  const seen = new Map<string, string>();
  for (const [index, raw] of items.entries()) {
    const parsed = commitmentInput.safeParse(raw);
    if (!parsed.success) {
      const errors = fieldErrorsFrom(parsed.error);
      results[index] = {
        index,
        status: 422,
        result: "error",
        error: new ValidationError(`item ${index} is not valid`, { errors }),
      };
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
      results[index] = {
        index,
        status: 409,
        result: "error",
        error: new DuplicateError(`item ${index} repeats an earlier item of this batch`, {
          extra: { existingId: earlier },
        }),
      };
      continue;
    }
    const alone = new TransactionPlan<number>();
    planChange(alone, index, {
      before: undefined,
      after: record,
      revision: createdRevision(record),
      fingerprint: recordFingerprint,
    });
    if (alone.size > MAX_TRANSACTION_ITEMS) {
      results[index] = { index, status: 422, result: "error", error: tooManyWrites(alone.size) };
      continue;
    }
    if (recordFingerprint) seen.set(recordFingerprint, record.id);
    pending.push({ index, record, fingerprint: recordFingerprint });
  }

  // Greedy packing: records in order, a new transaction when the next would not fit.
  let group: typeof pending = [];
  const groups: (typeof pending)[] = [];
  let size = 0;
  let bytes = 0;
  for (const entry of pending) {
    const alone = new TransactionPlan<number>();
    planChange(alone, entry.index, {
      before: undefined,
      after: entry.record,
      revision: createdRevision(entry.record),
      fingerprint: entry.fingerprint,
    });
    if (
      group.length > 0 &&
      (size + alone.size > MAX_TRANSACTION_ITEMS || bytes + alone.bytes > MAX_TRANSACTION_BYTES)
    ) {
      groups.push(group);
      group = [];
      size = 0;
      bytes = 0;
    }
    group.push(entry);
    size += alone.size;
    bytes += alone.bytes;
  }
  if (group.length > 0) groups.push(group);

  for (const members of groups) await writeGroup(deps, members, results);
  return results;
}

async function writeGroup(
  deps: Deps,
  members: { index: number; record: Commitment; fingerprint: string | undefined }[],
  results: BatchResult[],
): Promise<void> {
  let remaining = members;
  while (remaining.length > 0) {
    const plan = new TransactionPlan<number>();
    for (const entry of remaining)
      planChange(plan, entry.index, {
        before: undefined,
        after: entry.record,
        revision: createdRevision(entry.record),
        fingerprint: entry.fingerprint,
      });
    try {
      await runTransaction(deps, plan);
      for (const entry of remaining)
        results[entry.index] = { index: entry.index, status: 201, result: "created", id: entry.record.id };
      return;
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
      for (const [index, roles] of refused) {
        const record = remaining.find((entry) => entry.index === index)?.record;
        const reason = explainCancellation(roles, record?.parentId);
        results[index] = { index, status: reason.status, result: "error", error: reason };
      }
      remaining = remaining.filter((entry) => !refused.has(entry.index));
    }
  }
}
