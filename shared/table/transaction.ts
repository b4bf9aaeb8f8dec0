/**
 * Building and running TransactWriteItems. A plan collects puts, deletes, condition checks and counter deltas,
 * merges deltas that hit the same item (DynamoDB allows one operation per item per transaction), remembers which
 * caller each operation belongs to, and runs with backoff on TransactionConflict and throttling.
 */
import { randomUUID } from "node:crypto";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { NumberValue, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Deps } from "../deps.ts";
import { addSigned, isZero } from "../domain/decimal.ts";
import type { Key } from "./keys.ts";

export const MAX_TRANSACTION_ITEMS = 100;
/** Stay under the 4 MB transaction limit with room for attribute overhead. */
export const MAX_TRANSACTION_BYTES = 3_500_000;

type Values = Record<string, unknown>;
/** A counter step (a small integer) or an exact decimal delta such as "-1736111111" (money never a float). */
type Delta = number | string;

function addDeltas(a: Delta, b: Delta): Delta {
  if (typeof a === "number" && typeof b === "number") return a + b;
  return addSigned(String(a), String(b));
}
type Names = Record<string, string>;

interface Condition {
  expression: string;
  names?: Names;
  values?: Values;
}

type Operation =
  | { kind: "put"; item: Record<string, unknown> & Key; condition?: Condition }
  | { kind: "delete"; key: Key; condition?: Condition }
  | { kind: "check"; key: Key; condition: Condition }
  | { kind: "count"; key: Key; deltas: Record<string, Delta>; initial: Values; condition?: Condition }
  | { kind: "update"; key: Key; expression: string; names: Names; values: Values; condition?: Condition };

export interface PlannedOperation<Owner, Role extends string = string> {
  operation: Operation;
  owner: Owner;
  /** What the operation is for (a slice's own union of roles), so a cancellation can be explained. */
  role: Role;
}

const keyOf = (key: Key) => `${key.pk}\u0000${key.sk}`;

export class TransactionPlan<Owner = number, Role extends string = string> {
  readonly operations = new Map<string, PlannedOperation<Owner, Role>>();

  put(owner: Owner, role: Role, item: Record<string, unknown> & Key, condition?: Condition): this {
    return this.add(keyOf(item), {
      operation: { kind: "put", item, ...(condition ? { condition } : {}) },
      owner,
      role,
    });
  }

  delete(owner: Owner, role: Role, key: Key, condition?: Condition): this {
    return this.add(keyOf(key), {
      operation: { kind: "delete", key, ...(condition ? { condition } : {}) },
      owner,
      role,
    });
  }

  check(owner: Owner, role: Role, key: Key, condition: Condition): this {
    return this.add(keyOf(key), { operation: { kind: "check", key, condition }, owner, role });
  }

  /** An UpdateItem: attributes the expression does not name (a parent's childCount) are left as they are. */
  update(
    owner: Owner,
    role: Role,
    key: Key,
    update: { expression: string; names: Names; values: Values },
    condition?: Condition,
  ): this {
    return this.add(keyOf(key), {
      operation: { kind: "update", key, ...update, ...(condition ? { condition } : {}) },
      owner,
      role,
    });
  }

  /** Adds to numeric attributes; counters on one item from several owners merge into one update. */
  count(
    owner: Owner,
    role: Role,
    key: Key,
    deltas: Record<string, Delta>,
    initial: Values = {},
    condition?: Condition,
  ): this {
    const id = keyOf(key);
    const existing = this.operations.get(id);
    if (existing?.operation.kind === "count") {
      for (const [name, value] of Object.entries(initial))
        if (!(name in existing.operation.initial)) existing.operation.initial[name] = value;
      for (const [name, delta] of Object.entries(deltas))
        existing.operation.deltas[name] = addDeltas(existing.operation.deltas[name] ?? 0, delta);
      return this;
    }
    return this.add(id, {
      operation: { kind: "count", key, deltas: { ...deltas }, initial, ...(condition ? { condition } : {}) },
      owner,
      role,
    });
  }

  /** Whether an item already has an operation in this plan. */
  touches(key: Key): boolean {
    return this.operations.has(keyOf(key));
  }

  get size(): number {
    return this.list().length;
  }

  /** Approximate request size in bytes (UTF-8, as sent), to keep under the 4 MB limit. */
  get bytes(): number {
    let total = 0;
    for (const { operation } of this.operations.values())
      total += Buffer.byteLength(JSON.stringify(operation), "utf8") + 100;
    return total;
  }

  private add(id: string, planned: PlannedOperation<Owner, Role>): this {
    if (this.operations.has(id))
      throw new Error(`two operations on one item in a transaction: ${id.replace("\u0000", " ")}`);
    this.operations.set(id, planned);
    return this;
  }

  /** The TransactItems, in the order of `list()`. */
  toInput(tableName: string): TransactWriteCommandInput {
    return { TransactItems: this.list().map(({ operation }) => toTransactItem(tableName, operation)) };
  }

  /** The operations to send, in order; a counter whose deltas all cancel out sends nothing. */
  list(): PlannedOperation<Owner, Role>[] {
    return [...this.operations.values()].filter(
      ({ operation }) =>
        operation.kind !== "count" ||
        Object.keys(operation.initial).length > 0 ||
        operation.condition !== undefined ||
        Object.values(operation.deltas).some((delta) =>
          typeof delta === "number" ? delta !== 0 : !isZero(delta),
        ),
    );
  }
}

function conditionParts(condition: Condition | undefined) {
  if (!condition) return {};
  return {
    ConditionExpression: condition.expression,
    ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
    ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
    ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
  };
}

function toTransactItem(
  TableName: string,
  operation: Operation,
): NonNullable<TransactWriteCommandInput["TransactItems"]>[number] {
  switch (operation.kind) {
    case "put":
      return { Put: { TableName, Item: operation.item, ...conditionParts(operation.condition) } };
    case "delete":
      return { Delete: { TableName, Key: operation.key, ...conditionParts(operation.condition) } };
    case "check":
      return {
        ConditionCheck: {
          TableName,
          Key: operation.key,
          ConditionExpression: operation.condition.expression,
          ...(operation.condition.names ? { ExpressionAttributeNames: operation.condition.names } : {}),
          ...(operation.condition.values ? { ExpressionAttributeValues: operation.condition.values } : {}),
          // What stood there, for the refusal to name (whose alias a name is, say).
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      };
    case "update":
      return {
        Update: {
          TableName,
          Key: operation.key,
          UpdateExpression: operation.expression,
          ExpressionAttributeNames: { ...operation.names, ...operation.condition?.names },
          ExpressionAttributeValues: { ...operation.values, ...operation.condition?.values },
          ...(operation.condition ? { ConditionExpression: operation.condition.expression } : {}),
          ...(operation.condition ? { ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const } : {}),
        },
      };
    case "count": {
      const names: Names = { ...operation.condition?.names };
      const values: Values = { ...operation.condition?.values };
      const add: string[] = [];
      const set: string[] = [];
      Object.entries(operation.deltas).forEach(([name, delta], index) => {
        if (typeof delta === "string" ? isZero(delta) : delta === 0) return;
        names[`#c${index}`] = name;
        values[`:c${index}`] = typeof delta === "string" ? NumberValue.from(delta) : delta;
        add.push(`#c${index} :c${index}`);
      });
      Object.entries(operation.initial).forEach(([name, value], index) => {
        names[`#i${index}`] = name;
        values[`:i${index}`] = value;
        set.push(`#i${index} = if_not_exists(#i${index}, :i${index})`);
      });
      const expression = [
        set.length ? `SET ${set.join(", ")}` : "",
        add.length ? `ADD ${add.join(", ")}` : "",
      ]
        .join(" ")
        .trim();
      return {
        Update: {
          TableName,
          Key: operation.key,
          UpdateExpression: expression,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ...(operation.condition ? { ConditionExpression: operation.condition.expression } : {}),
          ...(operation.condition ? { ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const } : {}),
        },
      };
    }
  }
}

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const RETRYABLE_ERRORS = new Set([
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "InternalServerError",
]);

/** Reasons DynamoDB gave for cancelling, one per TransactItem (Code "None" for those that were fine). */
export function cancellationReasons(
  error: unknown,
): { Code?: string; Item?: Record<string, unknown> }[] | undefined {
  if (
    error instanceof TransactionCanceledException ||
    (error as { name?: string })?.name === "TransactionCanceledException"
  )
    return ((error as TransactionCanceledException).CancellationReasons ?? []) as {
      Code?: string;
      Item?: Record<string, unknown>;
    }[];
  return undefined;
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

/** What a refused operation was for, with the item as it stood when its condition failed. */
export type Refusals<Role extends string> = Map<Role, { item?: Record<string, unknown> }>;

/**
 * The operations whose conditions failed in a cancelled transaction, grouped by owner; undefined when the error
 * is not a cancellation by a condition (a fault to rethrow).
 */
export function refusedOperations<Owner, Role extends string>(
  plan: TransactionPlan<Owner, Role>,
  error: unknown,
): Map<Owner, Refusals<Role>> | undefined {
  const reasons = cancellationReasons(error);
  if (!reasons) return undefined;
  const refused = new Map<Owner, Refusals<Role>>();
  plan.list().forEach((planned, index) => {
    if (reasons[index]?.Code !== "ConditionalCheckFailed") return;
    const roles = refused.get(planned.owner) ?? new Map();
    const item = reasonItem(reasons[index]);
    roles.set(planned.role, item ? { item } : {});
    refused.set(planned.owner, roles);
  });
  return refused.size > 0 ? refused : undefined;
}

function isRetryable(error: unknown): boolean {
  const reasons = cancellationReasons(error);
  if (reasons) {
    const codes = reasons.map((reason) => reason.Code ?? "None");
    // A condition failure is an answer, not a transient fault; retry only when nothing but conflicts/throttling cancelled it.
    return (
      codes.some(
        (code) =>
          code === "TransactionConflict" ||
          code === "ThrottlingError" ||
          code === "ProvisionedThroughputExceeded",
      ) && !codes.includes("ConditionalCheckFailed")
    );
  }
  const name = (error as { name?: string })?.name ?? "";
  return RETRYABLE_ERRORS.has(name) || name === "TransactionConflictException";
}

/**
 * Runs a DynamoDB call, retrying transaction conflicts and throttling with capped exponential backoff and full
 * jitter. Real DynamoDB cancels concurrent transactions on one item where DynamoDB Local serialises them, so
 * the tests inject the cancellation to exercise this path.
 */
export async function withRetries<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 8;
  const base = options.baseDelayMs ?? 20;
  const cap = options.maxDelayMs ?? 1_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await sleep(Math.floor(random() * Math.min(cap, base * 2 ** attempt)));
    }
  }
}

export async function runTransaction(
  deps: Deps,
  plan: TransactionPlan<unknown, string>,
  retry?: RetryOptions,
): Promise<void> {
  if (plan.size === 0) return;
  if (plan.size > MAX_TRANSACTION_ITEMS)
    throw new Error(`a transaction of ${plan.size} items exceeds ${MAX_TRANSACTION_ITEMS}`);
  const input = plan.toInput(deps.tableName);
  // A fresh token per attempt of ours; the SDK's own retries of one attempt (a timeout, a dropped connection)
  // resend the same token, so DynamoDB applies that transaction at most once and the counters stay exact.
  await withRetries(
    () => deps.db.send(new TransactWriteCommand({ ...input, ClientRequestToken: randomUUID() })),
    retry,
  );
}
