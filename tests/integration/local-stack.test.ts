import { DescribeTableCommand, DescribeTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { loadApp } from "../../infra/local/app.ts";
import { checkJava } from "../../infra/local/dynamodb-local.ts";
import { ensureTable } from "../../infra/local/table.ts";
import type { Deps } from "../../shared/deps.ts";
import { routes } from "../../shared/http/routes.ts";
import { ledgerTable } from "../../shared/table/definition.ts";
import { assertLocalEndpoint, testDeps } from "../support/dynamo.ts";

const opened: Deps[] = [];
async function freshDeps(options: { stream?: boolean } = { stream: true }): Promise<Deps> {
  const deps = await testDeps(options);
  opened.push(deps);
  return deps;
}
afterAll(() => {
  for (const deps of opened) deps.db.destroy();
});

async function describeTable(deps: Deps) {
  const { Table } = await deps.db.send(new DescribeTableCommand({ TableName: deps.tableName }));
  return Table;
}

describe("ensureTable", () => {
  it("creates the table with the definition's keys", async () => {
    const table = await describeTable(await freshDeps());
    expect(table?.KeySchema).toEqual([
      { AttributeName: ledgerTable.partitionKey, KeyType: "HASH" },
      { AttributeName: ledgerTable.sortKey, KeyType: "RANGE" },
    ]);
  });

  it("creates every GSI of the definition, projecting all attributes", async () => {
    const table = await describeTable(await freshDeps());
    const indexes = (table?.GlobalSecondaryIndexes ?? []).map((index) => ({
      name: index.IndexName,
      keys: index.KeySchema?.map((key) => key.AttributeName),
      projection: index.Projection?.ProjectionType,
    }));
    const expected = Object.entries(ledgerTable.indexes).map(([name, index]) => ({
      name,
      keys: [index.partitionKey, index.sortKey],
      projection: "ALL",
    }));
    expect(indexes.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual(expected);
  });

  it("turns the stream on with new and old images", async () => {
    const table = await describeTable(await freshDeps());
    expect(table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: ledgerTable.stream });
  });

  it("leaves the stream out when asked to (a table nothing reads the stream of)", async () => {
    const table = await describeTable(await freshDeps({ stream: false }));
    expect([table?.StreamSpecification, table?.LatestStreamArn]).toEqual([undefined, undefined]);
  });

  it("enables TTL on the definition's attribute", async () => {
    const deps = await freshDeps();
    const { TimeToLiveDescription } = await deps.db.send(
      new DescribeTimeToLiveCommand({ TableName: deps.tableName }),
    );
    expect(TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: "ENABLED",
      AttributeName: ledgerTable.ttlAttribute,
    });
  });

  it("is idempotent: a second call leaves the table as it was", async () => {
    const deps = await freshDeps();
    const before = await describeTable(deps);
    await ensureTable(deps.db, deps.tableName);
    const after = await describeTable(deps);
    expect(after?.CreationDateTime).toEqual(before?.CreationDateTime);
  });

  it("survives two concurrent calls for the same table", async () => {
    const deps = await freshDeps();
    const name = `${deps.tableName}-concurrent`;
    const tables = await Promise.all([ensureTable(deps.db, name), ensureTable(deps.db, name)]);
    expect(tables.map((table) => table.TableStatus)).toEqual(["ACTIVE", "ACTIVE"]);
  });
});

describe("testDeps", () => {
  it("refuses an endpoint that is not local", () => {
    expect(() => assertLocalEndpoint("https://dynamodb.us-east-1.amazonaws.com")).toThrow(
      /only against DynamoDB Local/,
    );
  });

  it("refuses a missing endpoint", () => {
    expect(() => assertLocalEndpoint(undefined)).toThrow(/only against DynamoDB Local/);
  });

  it("accepts the run's DynamoDB Local", async () => {
    const deps = await freshDeps();
    expect((await describeTable(deps))?.TableName).toBe(deps.tableName);
  });
});

describe("checkJava", () => {
  it("names Java 17 when java is not on the PATH", async () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      await expect(checkJava()).rejects.toThrow(/Java 17/);
    } finally {
      process.env.PATH = path;
    }
  });
});

describe("loadApp", () => {
  it("fails at start, naming the file, when a route's handler file does not exist", async () => {
    const deps = await freshDeps();
    const missing = { ...routes.health, file: "functions/health/missing.ts" };
    await expect(loadApp({ deps, routes: [missing] })).rejects.toThrow(/functions\/health\/missing\.ts/);
  });
});
