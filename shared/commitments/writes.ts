/**
 * Changes to one commitment: create, revise (patch, source, re-conversion) and delete. Each is one transaction
 * with optimistic locking on `version`; a race the caller did not cause is retried on a fresh read, and
 * nothing is left half-written.
 */
import type { Deps } from "../deps.ts";
import { type FxRate, reconversionNote } from "../domain/fx.ts";
import { applyMergePatch, diffRecords } from "../domain/revisions.ts";
import {
  ConflictError,
  DuplicateError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from "../errors.ts";
import { nearDuplicateRefusal } from "../parties/near-duplicates.ts";
import { keptParties, partyResolver } from "../parties/resolve.ts";
import { KeyAlreadyUsed, RetryableConflict, retryRaces, send } from "./conflicts.ts";
import { fingerprint } from "./fingerprint.ts";
import { ancestry, coverForParts, flipsUnder, readParent } from "./hierarchy.ts";
import { earlierResponse, type Idempotency, idempotencyPut, replay } from "./idempotency.ts";
import type { CommitmentItem } from "./items.ts";
import { type Change, type CommitmentPlan, newPlan, planChange } from "./plan.ts";
import { getCommitmentItem } from "./reads.ts";
import { newRecordMeta, planRateCheck, type RateGuard, rateLookup, toRecord, validated } from "./record.ts";
import {
  type Amount,
  type Commitment,
  type CommitmentInput,
  type Revision,
  type Source,
  writableFields,
} from "./schema.ts";

export interface CreateOptions {
  allowDuplicate?: boolean;
  idempotency?: Idempotency | undefined;
}

export interface CreateResult {
  commitment: Commitment;
  /** The same Idempotency-Key and request went through before: this is its record, not a new one. */
  replayed: boolean;
}

function createdRevision(record: Commitment): Revision {
  return { version: 1, at: record.createdAt, change: "created", fields: diffRecords(null, record) };
}

/** What a new record writes (with its idempotency record, if any): shared by single creates and batches. */
export function planCreation(
  deps: Deps,
  plan: CommitmentPlan,
  owner: number,
  creation: {
    record: Commitment;
    fingerprint: string | undefined;
    idempotency?: Idempotency | undefined;
    parent?: CommitmentItem | undefined;
    /** The rate epochs the record's conversion was read at. */
    rates?: readonly RateGuard[] | undefined;
  },
): void {
  const { record, parent } = creation;
  planRateCheck(plan, owner, creation.rates ?? []);
  if (creation.idempotency) {
    const { item, condition } = idempotencyPut(deps, creation.idempotency, record);
    plan.put(owner, "idempotency", item, condition);
  }
  planChange(plan, owner, {
    before: undefined,
    after: record,
    revision: createdRevision(record),
    fingerprint: creation.fingerprint,
    coveredAfter: parent ? coverForParts(parent.record, parent.covered) : false,
    parent: parent && { version: parent.version, covered: parent.covered },
  });
}

/**
 * Records a new commitment. Unless allowed, a DuplicateError when its fingerprint is taken (with the existing id)
 * or when it looks like recorded commitments (a near-duplicate, with the candidates).
 */
export async function createCommitment(
  deps: Deps,
  input: CommitmentInput,
  options: CreateOptions = {},
): Promise<CreateResult> {
  const meta = newRecordMeta(deps.now().toISOString());
  const parties = partyResolver(deps);
  let checked = false;
  return retryRaces(async () => {
    // Converted on every attempt: an attempt refused because a rate changed converts again with the new one.
    const rates = rateLookup(deps);
    const record = await toRecord(input, meta, rates, parties);
    if (!checked && !options.allowDuplicate) {
      // Near-duplicates are looked for once: an attempt after a race differs at most in its USD conversion.
      checked = true;
      const nearDuplicate = await nearDuplicateRefusal(deps, record);
      if (nearDuplicate) {
        const earlier = options.idempotency && (await earlierResponse(deps, options.idempotency));
        if (earlier) return { commitment: earlier, replayed: true };
        throw nearDuplicate;
      }
    }
    const parent = record.parentId ? await readParent(deps, record.parentId) : undefined;
    const plan = newPlan();
    planCreation(deps, plan, 0, {
      record,
      fingerprint: options.allowDuplicate ? undefined : fingerprint(record),
      idempotency: options.idempotency,
      parent,
      rates: rates.guards(record),
    });
    try {
      await send(deps, plan, { parentId: record.parentId, record });
      return { commitment: record, replayed: false };
    } catch (error) {
      if (error instanceof KeyAlreadyUsed && options.idempotency)
        return { commitment: await replay(deps, options.idempotency), replayed: true };
      throw error;
    }
  });
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

interface ReviseOptions {
  expectedVersion?: number | undefined;
  allowDuplicate?: boolean | undefined;
  change: Revision["change"];
  /** The revision's note, or how to word it from the new record (a re-conversion names the rate it used). */
  note?: string | ((candidate: Commitment) => string) | undefined;
  source?: Source | undefined;
  /** Keep the parties' names and slugs as stored instead of resolving them again (a re-conversion). */
  keepParties?: boolean | undefined;
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
    const rates = rateLookup(deps);
    const candidate = await toRecord(
      build(item),
      { id: before.id, version: item.version + 1, createdAt: before.createdAt, updatedAt: at },
      rates,
      options.keepParties ? keptParties(before.parties) : partyResolver(deps),
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
      ...(options.note
        ? { note: typeof options.note === "string" ? options.note : options.note(candidate) }
        : {}),
      ...(options.source ? { source: options.source } : {}),
    };
    const plan = newPlan();
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
    planRateCheck(plan, 0, rates.guards(candidate));
    await send(deps, plan, {
      parentId: candidate.parentId,
      version: item.version,
      record: candidate,
      parts: flips.length,
    });
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
    const plan = newPlan();
    planChange(plan, 0, {
      before: item,
      after: undefined,
      revision,
      fingerprint: undefined,
      coveredAfter: false,
    });
    await send(deps, plan, { deleting: true, version: item.version, record: item.record }).catch(
      (error: unknown) => {
        // Without If-Match the client deletes whatever version is current: a write that got in first is a race to
        // retry on a fresh read, not a reason to refuse.
        if (error instanceof PreconditionFailedError && options.expectedVersion === undefined)
          throw new RetryableConflict("the commitment was changed meanwhile; retry", { cause: error });
        throw error;
      },
    );
  });
}

/**
 * The note of a re-conversion: the rate version the record's amount now uses, or, for a record whose amount is in
 * another currency, the new rate its sources' figures were compared at.
 */
function reconversion(candidate: Commitment, rate: FxRate): string {
  if (candidate.amount?.currency !== rate.currency)
    return `${reconversionNote(rate)}, comparing its sources' figures`;
  const used = candidate.amountUsd?.rate;
  return used ? reconversionNote(used) : "re-converted: no exchange rate is in force";
}

/**
 * Re-converts one commitment after a change to `rate`'s currency, with a revision naming the rate version it now
 * uses; returns whether this wrote a change (not a writer meanwhile, which converted at the new rate itself).
 */
export async function reconvertCommitment(deps: Deps, id: string, rate: FxRate): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const item = await getCommitmentItem(deps, id);
    if (!item) return false;
    let read = item.version;
    try {
      // Only the USD figures move: parties renamed in the registry since keep their names until an editor's change.
      const after = await revise(
        deps,
        id,
        (latest) => {
          read = latest.version;
          return validated(writableFields(latest.record));
        },
        { change: "updated", note: (candidate) => reconversion(candidate, rate), keepParties: true },
      );
      return after.version !== read;
    } catch (error) {
      if ((error instanceof PreconditionFailedError || error instanceof NotFoundError) && attempt < 5)
        continue;
      throw error;
    }
  }
}
