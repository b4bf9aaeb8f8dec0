/**
 * Idempotency records of creates: written in the create's own transaction, so a repeated key either finds the
 * first response (a replay) or another request (refused). The caller names the scope (its route), the store none.
 */
import { createHash } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.ts";
import { canonicalJson } from "../domain/revisions.ts";
import { ConflictError, TrackerError, ValidationError } from "../errors.ts";
import { batchGet } from "../table/batch-get.ts";
import { keys } from "../table/keys.ts";
import { type Commitment, commitmentSchema } from "./schema.ts";

/** How long an Idempotency-Key is remembered. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface Idempotency {
  /** Who sent the key: keys of different callers never meet. */
  principal: string;
  /** What the key is for (the caller's route); the same key in two scopes is two keys. */
  scope: string;
  key: string;
  /** Hash of the request the key was first used with; the same key with another request is refused. */
  requestHash: string;
}

export function requestHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

/** The idempotency item a create writes beside its record, and the condition that it is new (or expired). */
export function idempotencyPut(deps: Deps, idempotency: Idempotency, record: Commitment) {
  const now = deps.now();
  const seconds = Math.floor(now.getTime() / 1000);
  return {
    item: {
      ...keys.idempotency(idempotency.principal, idempotency.scope, idempotency.key),
      type: "idempotency",
      requestHash: idempotency.requestHash,
      response: record,
      createdAt: now.toISOString(),
      expiresAt: seconds + IDEMPOTENCY_TTL_SECONDS,
    },
    condition: { expression: "attribute_not_exists(pk) OR expiresAt < :now", values: { ":now": seconds } },
  };
}

/** The record an earlier request with the same key created; refused when the key was used with another request. */
export async function replay(deps: Deps, idempotency: Idempotency): Promise<Commitment> {
  const earlier = await earlierResponse(deps, idempotency);
  if (!earlier) throw new ConflictError("a request with this Idempotency-Key is in progress; retry shortly");
  return earlier;
}

/**
 * The record of an earlier request with the same key, or undefined when the key is new: a repeated create is
 * answered with it before any check that its own record would now fail (a near-duplicate of itself).
 */
export async function earlierResponse(deps: Deps, idempotency: Idempotency): Promise<Commitment | undefined> {
  const { Item } = await deps.db.send(
    new GetCommand({
      TableName: deps.tableName,
      Key: keys.idempotency(idempotency.principal, idempotency.scope, idempotency.key),
      ConsistentRead: true,
    }),
  );
  return responseIn(deps, idempotency, Item);
}

/**
 * `earlierResponse` of many keys in one consistent read: per key its record, undefined (new, or no key given), or
 * the error a key used with another request gets.
 */
export async function earlierResponses(
  deps: Deps,
  wanted: readonly (Idempotency | undefined)[],
): Promise<(Commitment | TrackerError | undefined)[]> {
  const keyOf = (idempotency: Idempotency) =>
    keys.idempotency(idempotency.principal, idempotency.scope, idempotency.key).pk;
  const items = await batchGet(
    deps,
    wanted.flatMap((idempotency) =>
      idempotency ? [keys.idempotency(idempotency.principal, idempotency.scope, idempotency.key)] : [],
    ),
    { consistent: true },
  );
  const byPk = new Map(items.map((item) => [item.pk, item]));
  return wanted.map((idempotency) => {
    if (!idempotency) return undefined;
    try {
      return responseIn(deps, idempotency, byPk.get(keyOf(idempotency)));
    } catch (error) {
      if (error instanceof TrackerError) return error;
      throw error;
    }
  });
}

function responseIn(
  deps: Deps,
  idempotency: Idempotency,
  Item: Record<string, unknown> | undefined,
): Commitment | undefined {
  // An expired key is new again (DynamoDB's TTL deletes it only eventually).
  if (!Item || Number(Item.expiresAt) < Math.floor(deps.now().getTime() / 1000)) return undefined;
  if (Item.requestHash !== idempotency.requestHash)
    throw new ValidationError("this Idempotency-Key was used with a different request", {
      errors: [{ path: "Idempotency-Key", message: "already used for another request body" }],
    });
  return commitmentSchema.parse(Item.response);
}
