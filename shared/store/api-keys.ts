/** API keys in the table: looked up by hash, listed through gsi3, revoked by deleting the item. */
import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import type { Deps } from "../deps.ts";
import { type ApiKey, generateApiKey, hashApiKey, type Scope, sameKey } from "../domain/api-key.ts";
import { NotFoundError } from "../errors.ts";
import type { Page } from "../table/cursor.ts";
import { index, keys } from "../table/keys.ts";
import { queryFirst, queryPage } from "../table/query.ts";

export interface Principal {
  /** "admin" for the bootstrap key, the key id otherwise, "anonymous" without a key. */
  id: string;
  scope: Scope | null;
}

/**
 * The principal a presented key stands for, or undefined when it is not a live key. A consistent read (1 RCU for
 * the small key item, not 0.5): a key revoked a moment ago is refused at once, not after DynamoDB's replicas catch up.
 */
export async function authenticate(deps: Deps, presented: string): Promise<Principal | undefined> {
  if (sameKey(presented, deps.adminKey)) return { id: "admin", scope: "admin" };
  const { Item } = await deps.db.send(
    new GetCommand({
      TableName: deps.tableName,
      Key: keys.apiKeyLookup(hashApiKey(presented)),
      ConsistentRead: true,
    }),
  );
  if (!Item || typeof Item.id !== "string") return undefined;
  return { id: Item.id, scope: Item.scope as Scope };
}

export async function createApiKey(deps: Deps, input: { name: string; scope: Scope }): Promise<ApiKey> {
  const key = generateApiKey();
  const hash = hashApiKey(key);
  const record = {
    id: `key_${ulid()}`,
    name: input.name,
    scope: input.scope,
    createdAt: deps.now().toISOString(),
  };
  await deps.db.send(
    new PutCommand({
      TableName: deps.tableName,
      Item: { ...keys.apiKey(hash, record.id), type: "apiKey", ...record },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  return { ...record, key };
}

export async function listApiKeys(
  deps: Deps,
  limit: number,
  cursor: string | undefined,
): Promise<Page<ApiKey>> {
  const page = await queryPage(
    deps,
    { index: index.apiKeys, pk: keys.apiKeysPartition },
    { limit, cursor, context: "api-keys" },
  );
  return {
    items: page.items.map(({ id, name, scope, createdAt }) => ({ id, name, scope, createdAt }) as ApiKey),
    nextCursor: page.nextCursor,
  };
}

export async function revokeApiKey(deps: Deps, id: string): Promise<void> {
  const item = await queryFirst(deps, {
    index: index.apiKeys,
    pk: keys.apiKeysPartition,
    sk: { equals: id },
  });
  if (!item) throw new NotFoundError(`no API key ${id}`);
  await deps.db.send(new DeleteCommand({ TableName: deps.tableName, Key: { pk: item.pk, sk: item.sk } }));
}
