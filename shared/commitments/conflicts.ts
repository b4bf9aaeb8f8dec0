/**
 * Conflicts of commitment writes: a cancelled transaction read back, role by role, into the typed error the
 * caller should see, and the retry of races the caller did not cause (a part added, an ancestor's cover flipped,
 * a rate changed after the write read it).
 */
import type { Deps } from "../deps.ts";
import {
  ConflictError,
  DuplicateError,
  PreconditionFailedError,
  type TrackerError,
  ValidationError,
} from "../errors.ts";
import {
  MAX_TRANSACTION_ITEMS,
  type Refusals,
  refusedOperations,
  runTransaction,
} from "../table/transaction.ts";
import type { CommitmentPlan, Role } from "./plan.ts";
import type { Commitment } from "./schema.ts";

/** A write that lost a race with another writer through no fault of the caller: re-read and try again. */
export class RetryableConflict extends ConflictError {}

/** The Idempotency-Key's record exists: the same request already went through (or a different one used the key). */
export class KeyAlreadyUsed extends ConflictError {}

/** How often a write re-reads and retries after losing a race it did not cause. */
export const RACE_ATTEMPTS = 6;

/** Runs `attempt` again (it re-reads) while it loses races it did not cause. */
export async function retryRaces<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RetryableConflict) || tries >= RACE_ATTEMPTS) throw error;
    }
  }
}

/** What the writer knew when it planned the change, to tell a stale version from a race. */
export interface WriteContext {
  parentId?: string | undefined;
  /** The version the change was planned on (absent for a create). */
  version?: number | undefined;
  /** The change removes the record. */
  deleting?: boolean;
}

/**
 * A change whose writes do not fit in one transaction, told by its cause: the parts whose money it moves in or out
 * of the totals (a whole gaining or losing an amount), or else the record's own parties and categories.
 */
export function tooManyWrites(size: number, record: Commitment, parts = 0): ValidationError {
  const limit = `${size} writes, more than one transaction holds (${MAX_TRANSACTION_ITEMS})`;
  if (parts > 0)
    return new ValidationError(
      `this change moves the money of ${parts} parts of this commitment into or out of the totals (the whole gains or loses an amount), which takes ${limit}; a change that size cannot be made in one step, and a half-made one would leave the totals wrong`,
      {
        errors: [
          {
            path: "amount",
            message: `giving or removing the amount moves ${parts} parts' money in the totals`,
          },
        ],
      },
    );
  return new ValidationError(
    `this commitment, with ${record.parties.length} parties and ${record.categories.length} categories, needs ${limit}; name fewer parties or categories`,
    { errors: [{ path: "parties", message: "too many parties and categories to record in one step" }] },
  );
}

function recordRefused(item: Record<string, unknown> | undefined, refusals: number, context: WriteContext) {
  if (item && typeof item.version === "number" && item.version === context.version) {
    const parts = typeof item.childCount === "number" ? item.childCount : 0;
    if (context.deleting && parts > 0 && refusals === 1)
      return new ConflictError(
        `${parts} other commitment(s) are parts of this one; delete or re-parent them first`,
      );
    // Same version, yet the condition failed: its parts or its cover changed under it.
    return new RetryableConflict("the commitment's parts changed meanwhile; retry");
  }
  return new PreconditionFailedError(
    `the commitment was changed meanwhile${item?.version !== undefined ? `; it is now at version ${item.version}` : ""}`,
  );
}

/** The error a change's refused operations stand for, most telling first. */
export function explainCancellation(refused: Refusals<Role>, context: WriteContext): TrackerError {
  const explain: Partial<Record<Role, (item: Record<string, unknown> | undefined) => TrackerError>> = {
    idempotency: () => new KeyAlreadyUsed("this Idempotency-Key was used before"),
    fingerprint: (item) => {
      const existingId = typeof item?.id === "string" ? item.id : undefined;
      return new DuplicateError(
        `this looks like ${existingId ?? "an existing commitment"}: same funders, currency, figure and month`,
        { extra: existingId ? { existingId } : {} },
      );
    },
    parent: (item) =>
      item?.type === "commitment"
        ? new RetryableConflict("the parent commitment changed meanwhile; retry")
        : new ValidationError("the parent does not exist", {
            errors: [{ path: "parentId", message: `no commitment ${context.parentId}` }],
          }),
    ancestor: () => new RetryableConflict("a related commitment changed meanwhile; retry"),
    flip: () => new RetryableConflict("a related commitment changed meanwhile; retry"),
    record: (item) => recordRefused(item, refused.size, context),
    // A rate of the currency changed after it was read: convert again with the rate now in force.
    rate: () => new RetryableConflict("an exchange rate of the currency changed meanwhile; retry"),
  };
  const order: Role[] = ["idempotency", "fingerprint", "parent", "ancestor", "flip", "record", "rate"];
  for (const role of order) {
    const refusal = refused.get(role);
    const explained = refusal && explain[role]?.(refusal.item);
    if (explained) return explained;
  }
  return new ConflictError(`the write was refused: ${[...refused.keys()].join(", ")}`);
}

/** Sends one change's plan; a cancellation becomes the typed error that explains it. */
export async function send(
  deps: Deps,
  plan: CommitmentPlan,
  context: WriteContext & {
    /** The record as the change leaves it (as it was, for a delete). */
    record: Commitment;
    /** How many parts' money the change moves into or out of the totals. */
    parts?: number;
  },
): Promise<void> {
  if (plan.size > MAX_TRANSACTION_ITEMS) throw tooManyWrites(plan.size, context.record, context.parts);
  try {
    await runTransaction(deps, plan);
  } catch (error) {
    const refused = refusedOperations(plan, error)?.get(0);
    if (!refused) throw error;
    throw explainCancellation(refused, context);
  }
}
