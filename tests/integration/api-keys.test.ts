/**
 * Revoking a key takes effect at once. DynamoDB Local is always consistent, so what is checked here is the read
 * itself: deployed, an eventually consistent lookup could let a just-revoked key through for about a second.
 */
import { expect, it } from "vitest";
import { authenticate, createApiKey, revokeApiKey } from "../../shared/store/api-keys.ts";
import { testDeps } from "../support/dynamo.ts";
import { recordingQueries } from "../support/gate.ts";

it("looks a presented key up with a consistent read, and refuses it once revoked", async () => {
  const deps = await testDeps();
  const key = await createApiKey(deps, { name: "newsroom", scope: "write" });
  const presented = key.key as string;
  const recording = recordingQueries(deps, "GetCommand");
  const before = await authenticate(recording.deps, presented);
  await revokeApiKey(deps, key.id);
  const after = await authenticate(recording.deps, presented);
  deps.db.destroy();

  expect(before).toEqual({ id: key.id, scope: "write" });
  expect(after).toBeUndefined();
  expect(recording.queries.map((input) => input.ConsistentRead)).toEqual([true, true]);
});
