/** Items by key with BatchGetItem: 100 keys a request, unprocessed keys retried with backoff, missing keys left out. */
import { BatchGetCommand, type BatchGetCommandOutput } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.ts";
import type { Key } from "./keys.ts";

const KEYS_PER_REQUEST = 100;
const ATTEMPTS = 8;

export async function batchGet(
  deps: Deps,
  wanted: readonly Key[],
  options: { consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const distinct = [...new Map(wanted.map((key) => [`${key.pk}\u0000${key.sk}`, key])).values()];
  for (let start = 0; start < distinct.length; start += KEYS_PER_REQUEST) {
    let requestKeys: Record<string, unknown>[] | undefined = distinct.slice(start, start + KEYS_PER_REQUEST);
    for (let attempt = 0; requestKeys && requestKeys.length > 0 && attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      const result: BatchGetCommandOutput = await deps.db.send(
        new BatchGetCommand({
          RequestItems: {
            [deps.tableName]: { Keys: requestKeys, ...(options.consistent ? { ConsistentRead: true } : {}) },
          },
        }),
      );
      items.push(...(result.Responses?.[deps.tableName] ?? []));
      requestKeys = result.UnprocessedKeys?.[deps.tableName]?.Keys;
    }
    if (requestKeys && requestKeys.length > 0)
      throw new Error(`BatchGetItem left ${requestKeys.length} keys unprocessed after ${ATTEMPTS} attempts`);
  }
  return items;
}

/**
 * A lookup of many keys at once that remembers what it looked up: each key is looked up once, together with the
 * other keys not looked up yet (one BatchGetItem for a batch's names, say); the answers come in the order asked.
 */
export function lookUpOnce<V>(
  lookUp: (keys: string[]) => Promise<Map<string, V>>,
): (keys: readonly string[]) => Promise<V>[] {
  const cache = new Map<string, Promise<V>>();
  return (wanted) => {
    const missing = [...new Set(wanted)].filter((key) => !cache.has(key));
    if (missing.length > 0) {
      const looked = lookUp(missing);
      for (const key of missing)
        cache.set(
          key,
          looked.then((found) => found.get(key) as V),
        );
    }
    return wanted.map((key) => cache.get(key) as Promise<V>);
  };
}
