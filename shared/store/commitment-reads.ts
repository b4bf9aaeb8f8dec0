/**
 * Reading commitments. Every listing is a Query on the list-entry partition its most selective filter names,
 * ordered by announcement date (gsi1) or USD amount (gsi2); the remaining filters narrow it server-side, and the
 * page's records come from one BatchGetItem. Never a Scan.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.ts";
import type { Commitment, Revision } from "../domain/commitment.ts";
import { padWhole } from "../domain/decimal.ts";
import type { ListQuery } from "../domain/listing.ts";
import { slugify } from "../domain/slug.ts";
import { NotFoundError } from "../errors.ts";
import { fromCommitmentItem, fromRevisionItem, searchText } from "../table/items.ts";
import { keys, type ListDimension } from "../table/keys.ts";
import { getCommitmentItem } from "./commitments.ts";
import { decodeCursor, encodeCursor, type Page } from "./cursor.ts";

/** Queries of list entries read at most this many pages per request before handing back a cursor. */
const MAX_QUERY_PAGES = 10;

export async function getCommitment(deps: Deps, id: string): Promise<Commitment> {
  const item = await getCommitmentItem(deps, id, false);
  if (item) return item.record;
  const { Items } = await deps.db.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :rev)",
      ExpressionAttributeValues: { ":pk": keys.commitment(id).pk, ":rev": "REV#" },
      Limit: 1,
      ScanIndexForward: false,
    }),
  );
  throw new NotFoundError(
    Items?.length
      ? `commitment ${id} was deleted; its revisions remain at /commitments/${id}/revisions`
      : `no commitment ${id}`,
  );
}

/** Which partition a listing reads: the most selective filter given. */
function partitionFor(query: Partial<ListQuery>): [ListDimension, string] {
  if (query.party) return ["party", slugify(query.party)];
  if (query.category) return ["category", query.category];
  if (query.country) return ["country", query.country];
  if (query.status) return ["status", query.status];
  if (query.confidence) return ["confidence", query.confidence];
  return ["all", "*"];
}

/** The Query for a listing, without paging: key condition on the sort chosen, the other filters as a filter. */
export function listingQuery(tableName: string, query: Partial<ListQuery>): QueryCommandInput {
  const [dimension, value] = partitionFor(query);
  const byUsd = query.sort === "amountUsd" || query.sort === "-amountUsd";
  const descending = query.sort === undefined || query.sort.startsWith("-");
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":pk": keys.listPartition(dimension, value) };
  const filters: string[] = [];
  const index = byUsd ? "gsi2" : "gsi1";
  let keyCondition = `${index}pk = :pk`;

  const dateRange = (): void => {
    if (query.from) {
      names["#announcedOn"] = "announcedOn";
      values[":from"] = query.from;
      filters.push("#announcedOn >= :from");
    }
    if (query.to) {
      names["#announcedOn"] = "announcedOn";
      values[":to"] = query.to;
      filters.push("#announcedOn <= :to");
    }
  };
  if (byUsd) {
    if (query.minUsd) {
      values[":minKey"] = `${padWhole(query.minUsd)}#`;
      keyCondition += " AND gsi2sk >= :minKey";
    }
    dateRange();
  } else {
    if (query.from && query.to) {
      values[":fromKey"] = `${query.from}#`;
      values[":toKey"] = `${query.to}#~`;
      keyCondition += " AND gsi1sk BETWEEN :fromKey AND :toKey";
    } else if (query.from) {
      values[":fromKey"] = `${query.from}#`;
      keyCondition += " AND gsi1sk >= :fromKey";
    } else if (query.to) {
      values[":toKey"] = `${query.to}#~`;
      keyCondition += " AND gsi1sk <= :toKey";
    }
  }
  if (query.minUsd) {
    names["#usdHigh"] = "usdHigh";
    values[":minUsd"] = padWhole(query.minUsd);
    filters.push("#usdHigh >= :minUsd");
  }
  if (query.maxUsd) {
    names["#usdLow"] = "usdLow";
    values[":maxUsd"] = padWhole(query.maxUsd);
    filters.push("#usdLow <= :maxUsd");
  }
  const equal = (field: "country" | "status" | "confidence", wanted: string | undefined) => {
    if (wanted === undefined || dimension === field) return;
    names[`#${field}`] = field;
    values[`:${field}`] = wanted;
    filters.push(`#${field} = :${field}`);
  };
  equal("country", query.country);
  equal("status", query.status);
  equal("confidence", query.confidence);
  if (query.category && dimension !== "category") {
    names["#categories"] = "categories";
    values[":category"] = query.category;
    filters.push("contains(#categories, :category)");
  }
  if (query.party && dimension !== "party") {
    names["#parties"] = "parties";
    values[":party"] = slugify(query.party);
    filters.push("contains(#parties, :party)");
  }
  if (query.q) {
    names["#search"] = "search";
    values[":q"] = searchText(query.q);
    filters.push("contains(#search, :q)");
  }
  return {
    TableName: tableName,
    IndexName: index,
    KeyConditionExpression: keyCondition,
    ...(filters.length ? { FilterExpression: filters.join(" AND ") } : {}),
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
    ScanIndexForward: !descending,
  };
}

function cursorContext(query: Partial<ListQuery>): string {
  const { cursor, limit, format, ...rest } = query;
  return `commitments:${JSON.stringify(Object.entries(rest).sort())}`;
}

/** Reads list entries until a page is full, then the records; the cursor resumes right after the last item. */
export async function listCommitments(deps: Deps, query: ListQuery): Promise<Page<Commitment>> {
  const base = listingQuery(deps.tableName, query);
  const context = cursorContext(query);
  const entries: Record<string, unknown>[] = [];
  let startKey = decodeCursor(query.cursor, deps.adminKey, context);
  let more = true;
  for (let pages = 0; pages < MAX_QUERY_PAGES && more && entries.length < query.limit; pages++) {
    const result = await deps.db.send(
      new QueryCommand({
        ...base,
        Limit: Math.min(1000, Math.max(query.limit * 2, 50)),
        ExclusiveStartKey: startKey,
      }),
    );
    const found = result.Items ?? [];
    const room = query.limit - entries.length;
    if (found.length > room) {
      entries.push(...found.slice(0, room));
      startKey = entryKey(found[room - 1] as Record<string, unknown>, base.IndexName as string);
      break;
    }
    entries.push(...found);
    startKey = result.LastEvaluatedKey;
    more = startKey !== undefined;
  }
  const items = await fetchRecords(
    deps,
    entries.map((entry) => entry.id as string),
  );
  return { items, nextCursor: encodeCursor(startKey, deps.adminKey, context) };
}

/** The key to resume a Query after `item` on `index`. */
function entryKey(item: Record<string, unknown>, index: string): Record<string, unknown> {
  return { pk: item.pk, sk: item.sk, [`${index}pk`]: item[`${index}pk`], [`${index}sk`]: item[`${index}sk`] };
}

/** Records by id, in the order given, with one BatchGetItem per 100 (retrying unprocessed keys). */
export async function fetchRecords(deps: Deps, ids: string[]): Promise<Commitment[]> {
  const found = new Map<string, Commitment>();
  for (let start = 0; start < ids.length; start += 100) {
    let requestKeys: Record<string, unknown>[] | undefined = ids
      .slice(start, start + 100)
      .map((id) => keys.commitment(id));
    for (let attempt = 0; requestKeys && requestKeys.length > 0 && attempt < 8; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      const result: BatchGetCommandOutput = await deps.db.send(
        new BatchGetCommand({ RequestItems: { [deps.tableName]: { Keys: requestKeys } } }),
      );
      for (const item of result.Responses?.[deps.tableName] ?? []) {
        const record = fromCommitmentItem(item)?.record;
        if (record) found.set(record.id, record);
      }
      requestKeys = result.UnprocessedKeys?.[deps.tableName]?.Keys;
    }
  }
  // An entry whose record vanished between the two reads (a concurrent delete) is left out.
  return ids.flatMap((id) => {
    const record = found.get(id);
    return record ? [record] : [];
  });
}

export async function listRevisions(
  deps: Deps,
  id: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<Revision>> {
  const context = `revisions:${id}`;
  const result = await deps.db.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :rev)",
      ExpressionAttributeValues: { ":pk": keys.commitment(id).pk, ":rev": "REV#" },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, deps.adminKey, context),
    }),
  );
  const items = (result.Items ?? []).map(fromRevisionItem);
  if (items.length === 0 && cursor === undefined) throw new NotFoundError(`no commitment ${id}`);
  return { items, nextCursor: encodeCursor(result.LastEvaluatedKey, deps.adminKey, context) };
}
