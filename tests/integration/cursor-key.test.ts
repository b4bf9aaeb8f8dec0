import { beforeAll, describe, expect, test } from "vitest";
import { listQuery } from "../../shared/commitments/listing.ts";
import { listCommitments } from "../../shared/commitments/reads.ts";
import { createCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import { generateApiKey, generateSecret } from "../../shared/domain/api-key.ts";
import { BadRequestError } from "../../shared/errors.ts";
import { testDeps } from "../support/dynamo.ts";
import { parsedCommitment } from "../support/fixtures.ts";

let deps: Deps;
let cursor: string;
const nextPage = (readers: Deps) => listCommitments(readers, listQuery.parse({ limit: "1", cursor }));

beforeAll(async () => {
  deps = await testDeps();
  await createCommitment(deps, parsedCommitment({ announcedOn: "2025-01-21" }));
  await createCommitment(deps, parsedCommitment({ announcedOn: "2025-02-21" }));
  cursor = (await listCommitments(deps, listQuery.parse({ limit: "1" }))).nextCursor ?? "";
});

describe("page cursors are sealed with the cursor key, not the admin key", () => {
  test("a cursor still reads its next page under another admin key", async () => {
    const page = await nextPage({ ...deps, adminKey: generateApiKey() });

    expect(page.items.map((item) => item.announcedOn)).toEqual(["2025-01-21"]);
  });

  test("a cursor is refused under another cursor key", async () => {
    await expect(nextPage({ ...deps, cursorKey: generateSecret() })).rejects.toBeInstanceOf(BadRequestError);
  });
});
