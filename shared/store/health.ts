import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import type { Deps } from "../deps.ts";
import { ServiceUnavailableError } from "../errors.ts";

/** Liveness: the table answers a DescribeTable. */
export async function checkHealth(deps: Deps): Promise<{ status: "ok"; dynamodb: "ok" }> {
  try {
    await deps.db.send(new DescribeTableCommand({ TableName: deps.tableName }));
    return { status: "ok", dynamodb: "ok" };
  } catch (error) {
    throw new ServiceUnavailableError("DynamoDB does not answer", { cause: error });
  }
}
