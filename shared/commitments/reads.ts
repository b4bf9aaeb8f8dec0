/**
 * Reading commitments. Every listing is a Query on the list-entry partition its most selective filter names,
 * ordered by announcement date or USD amount; the remaining filters narrow it server-side, and the page's
 * records come from one BatchGetItem. Never a Scan.
 */
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.ts";
import { padWhole } from "../domain/decimal.ts";
import { slugify } from "../domain/slug.ts";
import { NotFoundError } from "../errors.ts";
import { resolvePartySlug } from "../parties/resolve.ts";
import { decodeCursor, encodeCursor, type Page } from "../table/cursor.ts";
import { index, keys, type ListDimension } from "../table/keys.ts";
import { type PartitionQuery, queryFiltered, queryFirst, queryPage } from "../table/query.ts";
import { type CommitmentItem, fromCommitmentItem, fromRevisionItem, searchText } from "./items.ts";
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

/** The Query of a listing, without paging: key condition on the sort chosen, the other filters as a filter. */
export function listingQuery(query: Partial<ListQuery>): PartitionQuery {
  const [dimension, value] = partitionFor(query);
  const byUsd = query.sort === "amountUsd" || query.sort === "-amountUsd";
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const filters: string[] = [];
  const dateFilter = (): void => {
    if (query.from) {
      names["#announcedOn"] = "announcedOn";
      values[":fromDate"] = query.from;
      filters.push("#announcedOn >= :fromDate");
    }
    if (query.to) {
      names["#announcedOn"] = "announcedOn";
      values[":toDate"] = query.to;
      filters.push("#announcedOn <= :toDate");
    }
  };
  let sk: PartitionQuery["sk"];
  if (byUsd) {
    if (query.minUsd) sk = { from: `${padWhole(query.minUsd)}#` };
    dateFilter();
  } else if (query.from || query.to) {
    sk = {
      from: query.from ? `${query.from}#` : undefined,
      to: query.to ? `${query.to}#~` : undefined,
    };
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
  const contains = (field: "categories" | "parties" | "search", wanted: string | undefined) => {
    if (wanted === undefined) return;
    names[`#${field}`] = field;
    values[`:${field}`] = wanted;
    filters.push(`contains(#${field}, :${field})`);
  };
  if (dimension !== "category") contains("categories", query.category);
  if (dimension !== "party") contains("parties", query.party && slugify(query.party));
  contains("search", query.q && searchText(query.q));
  return {
    index: byUsd ? index.listByUsd : index.listByDate,
    pk: keys.listPartition(dimension, value),
    sk,
    ...(filters.length ? { filter: { expression: filters.join(" AND "), names, values } } : {}),
    descending: query.sort === undefined || query.sort.startsWith("-"),
  };
}

function cursorContext(query: Partial<ListQuery>): string {
  const { cursor, limit, format, ...rest } = query;
  return `commitments:${JSON.stringify(Object.entries(rest).sort())}`;
}

/**
 * Reads list entries until a page is full, then the records; the cursor resumes right after the last item.
 * `party` may be a slug, a name or an alias in any script: the registry resolves it first.
 */
export async function listCommitments(deps: Deps, request: ListQuery): Promise<Page<Commitment>> {
  const party = request.party === undefined ? undefined : await resolvePartySlug(deps, request.party);
  const query = party === undefined ? request : { ...request, party };
  const context = cursorContext(query);
  const { items: entries, lastKey } = await queryFiltered(deps, listingQuery(query), {
    limit: query.limit,
    startKey: decodeCursor(query.cursor, deps.cursorKey, context),
    maxReads: MAX_QUERY_PAGES,
    readSize: Math.min(1000, Math.max(query.limit * 2, 50)),
  });
  const items = await fetchRecords(
    deps,
    entries.map((entry) => entry.id as string),
  );
  return { items, nextCursor: encodeCursor(lastKey, deps.cursorKey, context) };
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
