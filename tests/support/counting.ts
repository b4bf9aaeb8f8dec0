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
}

export function countingDeps(deps: Deps): CountingDeps {
  const sent: string[] = [];
  let conflicts = 0;
  const db = new Proxy(deps.db, {
    get(target, property, receiver) {
      if (property !== "send") return Reflect.get(target, property, receiver);
      return async (command: { constructor: { name: string }; input: { TransactItems?: unknown[] } }) => {
        const name = command.constructor.name;
        sent.push(name);
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
        return (target.send as (command: unknown) => Promise<unknown>)(command);
      };
    },
  }) as DynamoDBDocumentClient;
  return {
    deps: { ...deps, db },
    sent,
    injectConflicts: (n) => {
      conflicts = n;
    },
  };
}
