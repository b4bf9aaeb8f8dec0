/**
 * Reading commitments. Every listing is a Query on the list-entry partition its most selective filter names,
 * ordered by announcement date or USD amount; the remaining filters narrow it server-side, and the entries carry
 * the records (items.ts): a page whose filters are all key conditions is one Query. Never a Scan.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.ts";
import { padWhole } from "../domain/decimal.ts";
import { slugify } from "../domain/slug.ts";
import { NotFoundError } from "../errors.ts";
import { resolvePartySlug } from "../parties/resolve.ts";
import { batchGet } from "../table/batch-get.ts";
import { decodeCursor, encodeCursor, type Page } from "../table/cursor.ts";
import { index, keys, type ListDimension } from "../table/keys.ts";
import { type PartitionQuery, queryFiltered, queryFirst, queryPage } from "../table/query.ts";
import {
  type CommitmentItem,
  fromCommitmentItem,
  fromRevisionItem,
  recordOfEntry,
  searchText,
} from "./items.ts";
import type { ListQuery } from "./listing.ts";
import type { Commitment, Revision } from "./schema.ts";

/** Queries of list entries read at most this many pages per request before handing back a cursor. */
const MAX_QUERY_PAGES = 10;

/** The stored item of a commitment (consistent by default: writes read what they change). */
export async function getCommitmentItem(
  deps: Deps,
  id: string,
  consistent = true,
): Promise<CommitmentItem | undefined> {
  const { Item } = await deps.db.send(
    new GetCommand({ TableName: deps.tableName, Key: keys.commitment(id), ConsistentRead: consistent }),
  );
  return fromCommitmentItem(Item);
}

/** One commitment; a 404 that says whether it never existed or was deleted (its revisions stay readable). */
export async function getCommitment(deps: Deps, id: string): Promise<Commitment> {
  const item = await getCommitmentItem(deps, id, false);
  if (item) return item.record;
  const revision = await queryFirst(deps, {
    pk: keys.commitment(id).pk,
    sk: { beginsWith: keys.revisionPrefix },
    descending: true,
  });
  throw new NotFoundError(
    revision ? `commitment ${id} was deleted; its revisions remain readable` : `no commitment ${id}`,
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

/**
 * A bound on the record's USD figure (`amountUsd.low` or `.high`, whole dollars without leading zeros) as a filter:
 * longer is larger, and of equal length the text compares as the number. An unconverted record matches no bound.
 */
function usdBound(
  side: "low" | "high",
  direction: "<" | ">",
  bound: string,
  names: Record<string, string>,
  values: Record<string, unknown>,
): string {
  const digits = BigInt(bound).toString();
  names["#amountUsd"] = "amountUsd";
  names[`#${side}`] = side;
  values[`:${side}Bound`] = digits;
  values[`:${side}Digits`] = digits.length;
  const path = `#record.#amountUsd.#${side}`;
  return `(size(${path}) ${direction} :${side}Digits OR (size(${path}) = :${side}Digits AND ${path} ${direction}= :${side}Bound))`;
}

/**
 * The Query of a listing, without paging: key condition on the sort chosen, the other filters as a filter on what
 * the entries carry (the record itself and its search text).
 */
export function listingQuery(query: Partial<ListQuery>): PartitionQuery {
  const [dimension, value] = partitionFor(query);
  const byUsd = query.sort === "amountUsd" || query.sort === "-amountUsd";
  const names: Record<string, string> = { "#record": "record" };
  const values: Record<string, unknown> = {};
  const filters: string[] = [];
  const dateFilter = (): void => {
    names["#announcedOn"] = "announcedOn";
    if (query.from) {
      values[":fromDate"] = query.from;
      filters.push("#record.#announcedOn >= :fromDate");
    }
    if (query.to) {
      values[":toDate"] = query.to;
      filters.push("#record.#announcedOn <= :toDate");
    }
  };
  let sk: PartitionQuery["sk"];
  if (byUsd) {
    if (query.minUsd) sk = { from: `${padWhole(query.minUsd)}#` };
    if (query.from || query.to) dateFilter();
  } else if (query.from || query.to) {
    sk = {
      from: query.from ? `${query.from}#` : undefined,
      to: query.to ? `${query.to}#~` : undefined,
    };
  }
  // Sorted by USD, a positive minUsd is the key range itself (an unconverted record sorts as zero).
  if (query.minUsd && !(byUsd && BigInt(query.minUsd) > 0n))
    filters.push(usdBound("high", ">", query.minUsd, names, values));
  if (query.maxUsd) filters.push(usdBound("low", "<", query.maxUsd, names, values));
  const equal = (dimensionName: ListDimension, path: string, wanted: string | undefined) => {
    if (wanted === undefined || dimension === dimensionName) return;
    values[`:${dimensionName}`] = wanted;
    filters.push(`${path} = :${dimensionName}`);
  };
  if (query.country !== undefined && dimension !== "country") {
    names["#location"] = "location";
    names["#country"] = "country";
  }
  equal("country", "#record.#location.#country", query.country);
  if (query.status !== undefined && dimension !== "status") names["#status"] = "status";
  equal("status", "#record.#status", query.status);
  if (query.confidence !== undefined && dimension !== "confidence") names["#confidence"] = "confidence";
  equal("confidence", "#record.#confidence", query.confidence);
  if (query.category !== undefined && dimension !== "category") {
    names["#categories"] = "categories";
    values[":category"] = query.category;
    filters.push("contains(#record.#categories, :category)");
  }
  // A party is always the partition when given (partitionFor), so it is never a filter.
  if (query.q !== undefined) {
    names["#search"] = "search";
    values[":search"] = searchText(query.q);
    filters.push("contains(#search, :search)");
  }
  const expression = filters.join(" AND ");
  // DynamoDB refuses a name the expression does not use.
  const used = Object.fromEntries(Object.entries(names).filter(([name]) => expression.includes(name)));
  return {
    index: byUsd ? index.listByUsd : index.listByDate,
    pk: keys.listPartition(dimension, value),
    sk,
    ...(filters.length ? { filter: { expression, names: used, values } } : {}),
    descending: query.sort === undefined || query.sort.startsWith("-"),
  };
}

function cursorContext(query: Partial<ListQuery>): string {
  const { cursor, limit, format, ...rest } = query;
  return `commitments:${JSON.stringify(Object.entries(rest).sort())}`;
}

/**
 * Reads list entries until a page is full; the cursor resumes right after the last item. Without a filter the
 * Query asks for the page's size, so it reads exactly what it returns.
 * `party` may be a slug, a name or an alias in any script: the registry resolves it first.
 */
export async function listCommitments(deps: Deps, request: ListQuery): Promise<Page<Commitment>> {
  const party = request.party === undefined ? undefined : await resolvePartySlug(deps, request.party);
  const query = party === undefined ? request : { ...request, party };
  const context = cursorContext(query);
  const partitionQuery = listingQuery(query);
  const { items: entries, lastKey } = await queryFiltered(deps, partitionQuery, {
    limit: query.limit,
    startKey: decodeCursor(query.cursor, deps.cursorKey, context),
    maxReads: MAX_QUERY_PAGES,
    readSize: partitionQuery.filter ? Math.min(1000, Math.max(query.limit * 2, 50)) : query.limit,
  });
  return {
    items: await entryRecords(deps, entries),
    nextCursor: encodeCursor(lastKey, deps.cursorKey, context),
  };
}

/** The records list entries carry, in order; an entry written before entries carried records is read by id. */
async function entryRecords(deps: Deps, entries: Record<string, unknown>[]): Promise<Commitment[]> {
  const carried = entries.map(recordOfEntry);
  const missing = entries.flatMap((entry, position) => (carried[position] ? [] : [entry.id as string]));
  if (missing.length === 0) return carried as Commitment[];
  const fetched = new Map((await fetchRecords(deps, missing)).map((record) => [record.id, record]));
  return entries.flatMap((entry, position) => {
    const record = carried[position] ?? fetched.get(entry.id as string);
    return record ? [record] : [];
  });
}

/** The stored items of commitments by id (consistent by default), one BatchGetItem per 100 ids; missing ids left out. */
export async function getCommitmentItems(
  deps: Deps,
  ids: readonly string[],
  consistent = true,
): Promise<Map<string, CommitmentItem>> {
  const items = await batchGet(
    deps,
    ids.map((id) => keys.commitment(id)),
    { consistent },
  );
  return new Map(
    items.flatMap((item) => {
      const stored = fromCommitmentItem(item);
      return stored ? [[stored.record.id, stored] as const] : [];
    }),
  );
}

/** Records by id, in the order given; an id whose record is gone (a concurrent delete) is left out. */
export async function fetchRecords(deps: Deps, ids: string[]): Promise<Commitment[]> {
  const found = await getCommitmentItems(deps, ids, false);
  return ids.flatMap((id) => {
    const stored = found.get(id);
    return stored ? [stored.record] : [];
  });
}

/** A commitment's revisions, newest first, a page at a time. */
export async function listRevisions(
  deps: Deps,
  id: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<Revision>> {
  const page = await queryPage(
    deps,
    { pk: keys.commitment(id).pk, sk: { beginsWith: keys.revisionPrefix }, descending: true },
    { limit, cursor, context: `revisions:${id}` },
  );
  const items = page.items.map(fromRevisionItem);
  if (items.length === 0 && cursor === undefined) throw new NotFoundError(`no commitment ${id}`);
  return { items, nextCursor: page.nextCursor };
}
