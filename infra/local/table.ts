/** Creates the ledger table from its one definition, for the local stack and the tests (SST does it when deployed). */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createTableInput, ledgerTable } from "../../shared/table/definition.ts";

const ACTIVE_TIMEOUT_MS = 60_000;

/**
 * Creates the table when missing (idempotent, safe against a concurrent create), waits for ACTIVE, turns TTL on.
 * `stream: false` is for tables nothing reads the stream of (most tests, the import bench): DynamoDB Local keeps
 * every stream record of every table in one store, and each write slows as they accumulate (five batches of 300
 * commitments, each on a table of its own: 9, 16, 31, 42 and 90 s with the stream, 6, 3, 4, 4 and 4 s without).
 * DynamoDB's own stream costs a write nothing.
 */
export async function ensureTable(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: { stream?: boolean } = {},
): Promise<TableDescription> {
  if (!(await describe(client, tableName))) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName, options)));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  const table = await waitUntilActive(client, tableName);
  await enableTtl(client, tableName);
  return table;
}

async function describe(client: DynamoDBDocumentClient, tableName: string) {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function waitUntilActive(client: DynamoDBDocumentClient, tableName: string): Promise<TableDescription> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const table = await describe(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === "ACTIVE",
    );
    if (table?.TableStatus === "ACTIVE" && indexesActive) return table;
    if (Date.now() > deadline)
      throw new Error(
        `table ${tableName} is not ACTIVE after ${ACTIVE_TIMEOUT_MS} ms (${table?.TableStatus ?? "missing"})`,
      );
    await new Promise((wake) => setTimeout(wake, 250));
  }
}

async function enableTtl(client: DynamoDBDocumentClient, tableName: string): Promise<void> {
  const { TimeToLiveDescription } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  const status = TimeToLiveDescription?.TimeToLiveStatus;
  // Real DynamoDB refuses a second UpdateTimeToLive while one is in force or under way.
  if (status === "ENABLED" || status === "ENABLING") return;
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: ledgerTable.ttlAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    // Another ensureTable got there first (a concurrent start, or two test files).
    const again = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    if (again.TimeToLiveDescription?.AttributeName !== ledgerTable.ttlAttribute) throw error;
  }
}
