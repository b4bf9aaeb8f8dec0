/** `npm run reconcile`: a consistent ledger shows no difference; damage of any kind is found, repaired, and stays so. */

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { assertLedgerTable, ledgerEndpoint, reconcile } from "../../infra/local/reconcile.ts";
import { ENDPOINT_FILE, readLocalSettings } from "../../infra/local/settings.ts";
import { commitmentInput as schema } from "../../shared/commitments/schema.ts";
import { createCommitment, patchCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import { totalsQuery } from "../../shared/domain/totals.ts";
import { findDifferences, repairDifferences } from "../../shared/ledger/reconcile.ts";
import { putFxRate } from "../../shared/store/reconvert.ts";
import { generateSummary } from "../../shared/store/summaries.ts";
import { readTotals } from "../../shared/store/totals.ts";
import { keys } from "../../shared/table/keys.ts";
import { testDeps } from "../support/dynamo.ts";
import { commitmentInput } from "../support/fixtures.ts";

let clock = new Date("2025-03-03T09:00:00Z");
let deps: Deps;
const usd = (value: string, qualifier = "exact") => ({ currency: "USD", value, qualifier });

/** A small ledger with a part, a figure gained, a re-conversion and a summary. */
async function ledger() {
  deps = await testDeps({ now: () => clock });
  await putFxRate(
    deps,
    "KRW",
    "2025-01-22",
    { unitsPerUsd: "1440", kind: "implied", source: "test" },
    "test",
  );
  const whole = await createCommitment(
    deps,
    schema.parse(commitmentInput({ title: "Whole", amount: undefined })),
  );
  await createCommitment(
    deps,
    schema.parse(
      commitmentInput({ title: "Part", amount: usd("12000000000", "up-to"), parentId: whole.commitment.id }),
    ),
  );
  await createCommitment(
    deps,
    schema.parse(
      commitmentInput({
        title: "Korea",
        announcedOn: "2025-01-22",
        amount: { currency: "KRW", value: "2500000000000", qualifier: "up-to" },
        parties: [{ name: "Ministry of Science and ICT", role: "government" }],
      }),
    ),
  );
  clock = new Date("2025-03-04T09:00:00Z");
  await patchCommitment(
    deps,
    whole.commitment.id,
    { amount: usd("500000000000", "at-least") },
    { expectedVersion: 1 },
  );
  await putFxRate(deps, "KRW", "2025-01-20", { unitsPerUsd: "1450", kind: "market", source: "test" }, "test");
  clock = new Date("2025-03-20T00:00:00Z");
  await generateSummary(deps, { period: "weekly", key: "2025-W10" });
}

const quiet = { log: () => {} };

describe("reconcile's table check", () => {
  it("passes on the ledger's table", async () => {
    const ledgerDeps = await testDeps();
    await expect(assertLedgerTable(ledgerDeps, "the test's DynamoDB Local")).resolves.toBeUndefined();
  });

  it("refuses a table that is not there, naming it and where it looked", async () => {
    const ledgerDeps = await testDeps();
    const elsewhere = { ...ledgerDeps, tableName: `${ledgerDeps.tableName}-not-here` };
    await expect(assertLedgerTable(elsewhere, "DynamoDB Local on /tmp/other")).rejects.toThrow(
      `there is no table "${elsewhere.tableName}" in DynamoDB Local on /tmp/other: run it with the DATA_DIR and TABLE_NAME`,
    );
  });
});

describe("where reconcile finds the ledger", () => {
  it("takes the endpoint a running stack wrote to its DATA_DIR", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "reconcile-"));
    const running = inject("dynamodbEndpoint");
    await writeFile(join(dataDir, ENDPOINT_FILE), `${running}\n`);
    const found = await ledgerEndpoint(readLocalSettings({ DATA_DIR: dataDir }));
    expect(found).toEqual({ endpoint: running, where: expect.stringContaining("the running stack's") });
    await rm(dataDir, { recursive: true });
  });

  it("passes over an endpoint file nothing answers at, and starts DynamoDB Local on DATA_DIR", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "reconcile-"));
    await writeFile(join(dataDir, ENDPOINT_FILE), "http://127.0.0.1:1\n");
    const found = await ledgerEndpoint(readLocalSettings({ DATA_DIR: dataDir }));
    try {
      expect(found.endpoint).not.toBe("http://127.0.0.1:1");
      expect(found.where).toContain(`DynamoDB Local on ${join(dataDir, "dynamodb")}`);
      expect(found.where).toContain("nothing answered at http://127.0.0.1:1");
      expect(await fetch(found.endpoint).then((response) => response.status)).toBe(400);
    } finally {
      await found.stop?.();
      await rm(dataDir, { recursive: true });
    }
  }, 60_000);
});

describe("reconcile", () => {
  beforeEach(ledger);

  it("finds no difference in a ledger kept by its own writes", async () => {
    expect(await findDifferences(deps, clock)).toEqual([]);
    expect(await reconcile(deps, { repair: false, ...quiet })).toBe(0);
  });

  it("finds an aggregate that drifted, a lost ledger day and a summary with other figures", async () => {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.aggregate("country", "2025-01", "US"),
        UpdateExpression: "ADD #c :d",
        ExpressionAttributeNames: { "#c": "official_at-least_usdLow" },
        ExpressionAttributeValues: { ":d": 1 },
      }),
    );
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.ledgerByDay("2025-03-04"),
        UpdateExpression: "REMOVE #c",
        ExpressionAttributeNames: { "#c": "official_at-least_count" },
      }),
    );
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.summaryLookup("weekly", "2025-W10"),
        UpdateExpression: "SET contentHash = :wrong",
        ExpressionAttributeValues: { ":wrong": "0".repeat(64) },
      }),
    );
    const lines: string[] = [];
    const left = await reconcile(deps, { repair: false, log: (line) => lines.push(line) });

    expect(left).toBe(3);
    expect(lines.join("\n")).toContain("AGG#country 2025-01#US");
    expect(lines.join("\n")).toContain("AGG#recorded-day 2025-03-04");
    expect(lines.join("\n")).toContain("summary weekly/2025-W10");
  });

  it("repairs every difference, and a second repair finds nothing to do", async () => {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.aggregate("all", "2025-01", "*"),
        UpdateExpression: "SET #old = :v",
        ExpressionAttributeNames: { "#old": "official_usdLow" },
        ExpressionAttributeValues: { ":v": 566736111111 },
      }),
    );
    const repaired = await reconcile(deps, { repair: true, ...quiet });
    const again = await findDifferences(deps, clock);

    expect(repaired).toBe(0);
    expect(again).toEqual([]);
    expect(await repairDifferences(deps, again)).toBe(0);
  });

  it("builds the all-time category items a ledger recorded before them lacks", async () => {
    const categories = async (dates: Record<string, string> = {}) =>
      (await readTotals(deps, totalsQuery.parse({ groupBy: "category", ...dates }))).groups;
    const everyMonth = await categories({ from: "2025-01", to: "2025-12" });
    for (const group of everyMonth)
      await deps.db.send(
        new DeleteCommand({ TableName: deps.tableName, Key: keys.aggregateAllTime("category", group.key) }),
      );
    const lines: string[] = [];

    expect(everyMonth.length).toBeGreaterThan(0);
    expect(await categories()).toEqual([]);
    expect(await reconcile(deps, { repair: false, log: (line) => lines.push(line) })).toBe(everyMonth.length);
    expect(lines.join("\n")).toContain("AGGALL#category");
    expect(await reconcile(deps, { repair: true, ...quiet })).toBe(0);
    expect(await categories()).toEqual(everyMonth);
  });
});
