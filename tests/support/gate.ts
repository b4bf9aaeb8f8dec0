/**
 * Interleaving on purpose: DynamoDB Local runs transactions one after another, so a race between a write that
 * has read a rate and a rate change has to be staged. These wrappers hold a deps' transactions at a gate, or
 * open a gate once another deps' first write has gone through, without module mocking.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../../shared/deps.ts";

type Command = { constructor: { name: string }; input: Record<string, unknown> };
type Send = (command: Command) => Promise<unknown>;

function wrapSend(deps: Deps, send: (command: Command, original: Send) => Promise<unknown>): Deps {
  const db = new Proxy(deps.db, {
    get(target, property, receiver) {
      if (property !== "send") return Reflect.get(target, property, receiver);
      const original = (target.send as Send).bind(target);
      return (command: Command) => send(command, original);
    },
  }) as DynamoDBDocumentClient;
  return { ...deps, db };
}

export interface Gate {
  /** Resolves once a transaction is waiting at the gate (the write has done its reads). */
  held: Promise<void>;
  open(): void;
}

export function gate(): Gate & { wait(): Promise<void> } {
  let reached = () => {};
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    held,
    open: release,
    wait: () => {
      reached();
      return opened;
    },
  };
}

/**
 * Deps whose TransactWriteItems wait until the gate opens, then a further `jitterMs()` (so released writes
 * interleave with whatever runs next); reads go straight through.
 */
export function heldAtGate(deps: Deps, at: ReturnType<typeof gate>, jitterMs: () => number = () => 0): Deps {
  return wrapSend(deps, async (command, send) => {
    if (command.constructor.name === "TransactWriteCommand") {
      await at.wait();
      const delay = jitterMs();
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    }
    return send(command);
  });
}

/** A Put or a transaction: a write. */
export const isWrite = (command: Command) =>
  command.constructor.name === "TransactWriteCommand" || command.constructor.name === "PutCommand";

/** A Query of the given partition (of the table or of an index). */
export const isQueryOf = (partition: string) => (command: Command) =>
  command.constructor.name === "QueryCommand" &&
  JSON.stringify(command.input.ExpressionAttributeValues ?? {}).includes(`"${partition}"`);

/** Deps that open each gate right after the first command its rule matches has been answered. */
export function opening(deps: Deps, rules: { after: (command: Command) => boolean; open: Gate }[]): Deps {
  return wrapSend(deps, async (command, send) => {
    const output = await send(command);
    for (const rule of rules) if (rule.after(command)) rule.open.open();
    return output;
  });
}

/** Deps that record the input of every Query they send (or of every command of another kind: "GetCommand"). */
export function recordingQueries(
  deps: Deps,
  kind = "QueryCommand",
): { deps: Deps; queries: Record<string, unknown>[] } {
  const queries: Record<string, unknown>[] = [];
  return {
    queries,
    deps: wrapSend(deps, (command, send) => {
      if (command.constructor.name === kind) queries.push(command.input);
      return send(command);
    }),
  };
}

/** An UpdateItem. */
export const isUpdate = (command: Command) => command.constructor.name === "UpdateCommand";

/** An UpdateItem that writes the given attribute. */
export const isUpdateOn = (attribute: string) => (command: Command) =>
  isUpdate(command) &&
  JSON.stringify(command.input.ExpressionAttributeNames ?? {}).includes(`"${attribute}"`);

/**
 * Deps that run `meanwhile` to its end just before the first command `when` matches is sent: the other side of a
 * race, staged between a read and the write that relies on it.
 */
export function interleaving(
  deps: Deps,
  when: (command: Command) => boolean,
  meanwhile: () => Promise<unknown>,
): Deps {
  let staged = false;
  return wrapSend(deps, async (command, send) => {
    if (!staged && when(command)) {
      staged = true;
      await meanwhile();
    }
    return send(command);
  });
}

/** Deps whose commands `when` matches fail with `error`, as a throttled or unreachable DynamoDB would. */
export function failing(deps: Deps, when: (command: Command) => boolean, error: Error): Deps {
  return wrapSend(deps, async (command, send) => {
    if (when(command)) throw error;
    return send(command);
  });
}
