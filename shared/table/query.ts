/**
 * Every Query of the table goes through here: a partition (of the table or of a named index) with an optional
 * sort-key condition, filter and projection, read whole, read up to a number of items, or one signed-cursor page.
 * Items come back as plain JSON; with `exactNumbers` every number is a decimal string (money is never a float).
 */
import { type AttributeValue, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { NumberValue } from "@aws-sdk/lib-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Deps } from "../deps.ts";
import { fromDynamoNumber } from "../domain/decimal.ts";
import { decodeCursor, encodeCursor, type Page } from "./cursor.ts";
import { type IndexName, ledgerTable } from "./definition.ts";

/** A condition on the sort key: a prefix, inclusive bounds, a strict lower bound, or one value. */
export type SortKeyCondition =
  | { beginsWith: string }
  | { from?: string | undefined; to?: string | undefined }
  | { after: string }
  | { equals: string };

export interface PartitionQuery {
  /** The index to read; the table itself when absent. */
  index?: IndexName | undefined;
  pk: string;
  sk?: SortKeyCondition | undefined;
  filter?:
    | { expression: string; names?: Record<string, string>; values?: Record<string, unknown> }
    | undefined;
  /** Attributes to return (all when absent). */
  projection?: readonly string[] | undefined;
  descending?: boolean | undefined;
  consistent?: boolean | undefined;
  /** Numbers as exact decimal strings instead of JS numbers (aggregates). */
  exactNumbers?: boolean | undefined;
}

type Item = Record<string, unknown>;

function keyNames(index: IndexName | undefined): { pk: string; sk: string } {
  if (!index) return { pk: ledgerTable.partitionKey, sk: ledgerTable.sortKey };
  const { partitionKey, sortKey } = ledgerTable.indexes[index];
  return { pk: partitionKey, sk: sortKey };
}

function sortKeyExpression(condition: SortKeyCondition | undefined): { expression: string; values: Item } {
  if (!condition) return { expression: "", values: {} };
  if ("beginsWith" in condition)
    return { expression: " AND begins_with(#sk, :sk)", values: { ":sk": condition.beginsWith } };
  if ("after" in condition) return { expression: " AND #sk > :sk", values: { ":sk": condition.after } };
  if ("equals" in condition) return { expression: " AND #sk = :sk", values: { ":sk": condition.equals } };
  const { from, to } = condition;
  if (from !== undefined && to !== undefined)
    return { expression: " AND #sk BETWEEN :from AND :to", values: { ":from": from, ":to": to } };
  if (from !== undefined) return { expression: " AND #sk >= :from", values: { ":from": from } };
  if (to !== undefined) return { expression: " AND #sk <= :to", values: { ":to": to } };
  return { expression: "", values: {} };
}

/** The low-level Query input for a partition query (without paging). */
export function queryInput(tableName: string, query: PartitionQuery): QueryCommandInput {
  const names = keyNames(query.index);
  const range = sortKeyExpression(query.sk);
  const attributeNames: Record<string, string> = {
    "#pk": names.pk,
    ...(range.expression ? { "#sk": names.sk } : {}),
    ...query.filter?.names,
  };
  const projection = query.projection?.map((name, position) => {
    attributeNames[`#p${position}`] = name;
    return `#p${position}`;
  });
  return {
    TableName: tableName,
    ...(query.index ? { IndexName: query.index } : {}),
    KeyConditionExpression: `#pk = :pk${range.expression}`,
    ...(query.filter ? { FilterExpression: query.filter.expression } : {}),
    ...(projection ? { ProjectionExpression: projection.join(", ") } : {}),
    ExpressionAttributeNames: attributeNames,
    ExpressionAttributeValues: marshall(
      { ":pk": query.pk, ...range.values, ...query.filter?.values },
      { removeUndefinedValues: true },
    ),
    ...(query.descending ? { ScanIndexForward: false } : {}),
    ...(query.consistent ? { ConsistentRead: true } : {}),
  };
}

/** Wrapped numbers (NumberValue) become decimal strings, at any depth of maps; everything else stays. */
function plainNumbers(value: unknown): unknown {
  if (value instanceof NumberValue) return fromDynamoNumber(value.toString());
  if (Array.isArray(value)) return value.map(plainNumbers);
  if (
    value !== null &&
    typeof value === "object" &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Set)
  )
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, plainNumbers(inner)]));
  return value;
}

/** An item from the low-level client as plain JSON. */
export function fromAttributes(item: Record<string, AttributeValue>, exactNumbers = false): Item {
  return exactNumbers ? (plainNumbers(unmarshall(item, { wrapNumbers: true })) as Item) : unmarshall(item);
}

interface Slice {
  items: Item[];
  /** Where to resume (plain JSON), or undefined at the end of the partition. */
  lastKey: Item | undefined;
}

async function readSlice(
  deps: Deps,
  input: QueryCommandInput,
  query: PartitionQuery,
  startKey?: Item,
  limit?: number,
): Promise<Slice> {
  const page = await deps.db.send(
    new QueryCommand({
      ...input,
      ...(limit !== undefined ? { Limit: limit } : {}),
      ...(startKey ? { ExclusiveStartKey: marshall(startKey) } : {}),
    }),
  );
  return {
    items: (page.Items ?? []).map((item) => fromAttributes(item, query.exactNumbers)),
    lastKey: page.LastEvaluatedKey ? unmarshall(page.LastEvaluatedKey) : undefined,
  };
}

/** One DynamoDB page from a raw start key (for internal loops that keep their own position, like the retry job). */
export function querySlice(
  deps: Deps,
  query: PartitionQuery,
  options: { limit: number; startKey?: Item | undefined },
): Promise<Slice> {
  return readSlice(deps, queryInput(deps.tableName, query), query, options.startKey, options.limit);
}

/** Every item of the partition (or of its sort-key range), following DynamoDB's pages to the end. */
export async function queryAll(deps: Deps, query: PartitionQuery): Promise<Item[]> {
  const input = queryInput(deps.tableName, query);
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const slice = await readSlice(deps, input, query, startKey);
    items.push(...slice.items);
    startKey = slice.lastKey;
  } while (startKey);
  return items;
}

/** The first item of the partition in its order (with `descending`, the last), or undefined. */
export async function queryFirst(deps: Deps, query: PartitionQuery): Promise<Item | undefined> {
  const input = queryInput(deps.tableName, query);
  // Limit counts items read before the filter: a filtered query may need several reads.
  let startKey: Item | undefined;
  do {
    const slice = await readSlice(deps, input, query, startKey, query.filter ? undefined : 1);
    if (slice.items[0]) return slice.items[0];
    startKey = slice.lastKey;
  } while (startKey);
  return undefined;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
  /** What the cursor is bound to (the listing and its filters): a cursor of another query is refused. */
  context: string;
}

/** One page of items behind a signed cursor (DynamoDB's own page: a filter may return fewer than `limit`). */
export async function queryPage(deps: Deps, query: PartitionQuery, page: PageRequest): Promise<Page<Item>> {
  const startKey = decodeCursor(page.cursor, deps.cursorKey, page.context);
  const slice = await readSlice(deps, queryInput(deps.tableName, query), query, startKey, page.limit);
  return { items: slice.items, nextCursor: encodeCursor(slice.lastKey, deps.cursorKey, page.context) };
}

/**
 * Up to `limit` items that pass the filter, reading at most `maxReads` DynamoDB pages, and where to resume
 * right after the last item returned: for listings whose filter may reject most of what a page reads.
 */
export async function queryFiltered(
  deps: Deps,
  query: PartitionQuery,
  options: { limit: number; startKey?: Item | undefined; maxReads: number; readSize: number },
): Promise<Slice> {
  const input = queryInput(deps.tableName, query);
  const names = keyNames(query.index);
  const items: Item[] = [];
  let startKey = options.startKey;
  for (let reads = 0; reads < options.maxReads && items.length < options.limit; reads++) {
    const slice = await readSlice(deps, input, query, startKey, options.readSize);
    const room = options.limit - items.length;
    if (slice.items.length > room) {
      items.push(...slice.items.slice(0, room));
      const last = items[items.length - 1] as Item;
      return {
        items,
        lastKey: { pk: last.pk, sk: last.sk, [names.pk]: last[names.pk], [names.sk]: last[names.sk] },
      };
    }
    items.push(...slice.items);
    startKey = slice.lastKey;
    if (!startKey) break;
  }
  return { items, lastKey: startKey };
}
