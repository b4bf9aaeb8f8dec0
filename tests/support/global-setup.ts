/**
 * Vitest globalSetup: one in-memory DynamoDB Local for the whole run. Its endpoint reaches the tests through
 * `inject("dynamodbEndpoint")`; each test file makes its own tables (tests/support/dynamo.ts).
 */
import type { TestProject } from "vitest/node";
import { type DynamoDbLocal, startDynamoDbLocal } from "../../infra/local/dynamodb-local.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

let dynamodb: DynamoDbLocal | undefined;

export async function setup(project: TestProject): Promise<void> {
  dynamodb = await startDynamoDbLocal({ path: null });
  project.provide("dynamodbEndpoint", dynamodb.endpoint);
}

export async function teardown(): Promise<void> {
  await dynamodb?.stop();
  dynamodb = undefined;
}
