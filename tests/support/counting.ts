/** Wraps a document client to count (and optionally fail) the commands it sends: no module mocking needed. */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../../shared/deps.ts";

export interface CountingDeps {
  deps: Deps;
  /** Command names sent, in order ("TransactWriteCommand", "QueryCommand", …). */
  sent: string[];
  /** Makes the next `n` TransactWriteItems calls fail as real DynamoDB does under contention. */
  injectConflicts(n: number): void;
  /** Makes the `n`th TransactWriteItems call from now fail as a dropped connection would (nothing written). */
  dropTransaction(n: number): void;
  /** Read capacity units DynamoDB reported for the reads sent so far (ReturnConsumedCapacity is asked of each). */
  readCapacity(): number;
}

const READS = new Set([
  "QueryCommand",
  "GetCommand",
  "GetItemCommand",
  "BatchGetCommand",
  "BatchGetItemCommand",
]);

function capacityUnits(consumed: unknown): number {
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce((sum: number, entry: { CapacityUnits?: number }) => sum + (entry.CapacityUnits ?? 0), 0);
}

export function countingDeps(deps: Deps): CountingDeps {
  const sent: string[] = [];
  let conflicts = 0;
  let readUnits = 0;
  let dropAt = 0;
  let transactions = 0;
  const db = new Proxy(deps.db, {
    get(target, property, receiver) {
      if (property !== "send") return Reflect.get(target, property, receiver);
      return async (command: { constructor: { name: string }; input: { TransactItems?: unknown[] } }) => {
        const name = command.constructor.name;
        sent.push(name);
        if (name === "TransactWriteCommand" && dropAt > 0 && ++transactions === dropAt)
          throw Object.assign(new Error("socket hang up"), { name: "NetworkingError" });
        if (name === "TransactWriteCommand" && conflicts > 0) {
          conflicts--;
          throw new TransactionCanceledException({
            message:
              "Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]",
            $metadata: {},
            CancellationReasons: (command.input.TransactItems ?? []).map((_, index) => ({
              Code: index === 0 ? "TransactionConflict" : "None",
            })),
          });
        }
        if (READS.has(name)) (command.input as Record<string, unknown>).ReturnConsumedCapacity = "TOTAL";
        const output = (await (target.send as (command: unknown) => Promise<unknown>)(command)) as {
          ConsumedCapacity?: unknown;
        };
        if (READS.has(name)) readUnits += capacityUnits(output?.ConsumedCapacity);
        return output;
      };
    },
  }) as DynamoDBDocumentClient;
  return {
    deps: { ...deps, db },
    sent,
    injectConflicts: (n) => {
      conflicts = n;
    },
    readCapacity: () => readUnits,
    dropTransaction: (n) => {
      dropAt = n;
      transactions = 0;
    },
  };
}
