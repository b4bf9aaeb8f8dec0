/** Parties: one counter item each (in the PARTIES partition), kept in the same transaction as the records. */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "../deps.ts";
import type { Commitment } from "../domain/commitment.ts";
import { slugify } from "../domain/slug.ts";
import { NotFoundError } from "../errors.ts";
import { keys } from "../table/keys.ts";
import { listCommitments } from "./commitment-reads.ts";
import { decodeCursor, encodeCursor, type Page } from "./cursor.ts";

export interface PartySummary {
  slug: string;
  name: string;
  commitments: number;
}

const toSummary = (item: Record<string, unknown>): PartySummary => ({
  slug: item.slug as string,
  name: item.name as string,
  commitments: Number(item.commitments ?? 0),
});

export async function listParties(
  deps: Deps,
  limit: number,
  cursor: string | undefined,
): Promise<Page<PartySummary>> {
  const context = "parties";
  const result = await deps.db.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: "pk = :pk",
      FilterExpression: "commitments > :none",
      ExpressionAttributeValues: { ":pk": keys.partiesPartition, ":none": 0 },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, deps.adminKey, context),
    }),
  );
  return {
    items: (result.Items ?? []).map(toSummary),
    nextCursor: encodeCursor(result.LastEvaluatedKey, deps.adminKey, context),
  };
}

/** One party (by slug, or by a name that slugs to it) with a page of its commitments, newest first. */
export async function getParty(
  deps: Deps,
  slugOrName: string,
  limit: number,
  cursor: string | undefined,
): Promise<PartySummary & Page<Commitment>> {
  const slug = slugify(slugOrName);
  // A name with no letter or digit ("---") slugs to "", which no party has and DynamoDB refuses as a key.
  if (slug === "") throw new NotFoundError(`no party ${JSON.stringify(slugOrName)}`);
  const { Item } = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: keys.party(slug) }));
  if (!Item || Number(Item.commitments ?? 0) <= 0) throw new NotFoundError(`no party ${slug}`);
  const page = await listCommitments(deps, { party: slug, sort: "-announcedOn", limit, cursor });
  return { ...toSummary(Item), ...page };
}
