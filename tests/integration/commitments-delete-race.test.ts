import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { beforeEach, describe, expect, test } from "vitest";
import { getCommitmentItem, listRevisions } from "../../shared/commitments/reads.ts";
import { createCommitment, deleteCommitment, patchCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import { PreconditionFailedError } from "../../shared/errors.ts";
import { testDeps } from "../support/dynamo.ts";
import { parsedCommitment } from "../support/fixtures.ts";

let deps: Deps;
beforeEach(async () => {
  deps = await testDeps();
});

/** Deps whose first transaction is preceded by `write`: another writer landing between a read and its write. */
function withWriteBeforeFirstTransaction(write: () => Promise<unknown>): Deps {
  let pending = true;
  const db = new Proxy(deps.db, {
    get(target, property, receiver) {
      if (property !== "send") return Reflect.get(target, property, receiver);
      return async (command: { constructor: { name: string } }) => {
        if (pending && command.constructor.name === "TransactWriteCommand") {
          pending = false;
          await write();
        }
        return (target.send as (command: unknown) => Promise<unknown>)(command);
      };
    },
  }) as DynamoDBDocumentClient;
  return { ...deps, db };
}

describe("delete racing a write", () => {
  test("without If-Match, deletes the version current after the write", async () => {
    const { commitment } = await createCommitment(deps, parsedCommitment());
    const racing = withWriteBeforeFirstTransaction(() =>
      patchCommitment(deps, commitment.id, { status: "planned" }, { expectedVersion: 1 }),
    );

    await deleteCommitment(racing, commitment.id);
    const revisions = await listRevisions(deps, commitment.id, 10, undefined);

    expect({
      stored: await getCommitmentItem(deps, commitment.id),
      changes: revisions.items.map((revision) => `${revision.version} ${revision.change}`),
    }).toEqual({ stored: undefined, changes: ["3 deleted", "2 updated", "1 created"] });
  });

  test("with If-Match of the version read, answers that it changed meanwhile", async () => {
    const { commitment } = await createCommitment(deps, parsedCommitment());
    const racing = withWriteBeforeFirstTransaction(() =>
      patchCommitment(deps, commitment.id, { status: "planned" }, { expectedVersion: 1 }),
    );

    await expect(deleteCommitment(racing, commitment.id, { expectedVersion: 1 })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
  });
});
