/**
 * Summaries (SPEC 5): generated from the activity index (one Query per UTC day of the period) and the ledger
 * items booked by recording time (two Queries), so their cost follows the period's activity, never the table's
 * size. A complete period's summary is stored once under its deterministic key; regenerating it with the same
 * content writes nothing, so the stream publishes it once.
 */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { type ActivityItem, fromActivityItem } from "../commitments/items.ts";
import type { Deps } from "../deps.ts";
import { addColumns, type Columns } from "../domain/aggregates.ts";
import {
  labelProblem,
  lastCompletePeriod,
  type Period,
  type PeriodKind,
  periodDays,
  periodOf,
  periodState,
  previousPeriod,
} from "../domain/periods.ts";
import {
  buildSummary,
  contentHash,
  type Summary,
  type SummaryContent,
  type SummaryEntry,
  summaryContent,
  summarySchema,
} from "../domain/summary.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { isConditionFailure } from "../table/conditions.ts";
import type { Page } from "../table/cursor.ts";
import { index, keys } from "../table/keys.ts";
import { queryAll, queryPage } from "../table/query.ts";
import { fromSummaryItem, summaryEntryOf, toSummaryItem } from "../table/summary-items.ts";
import { columnsOf, queryColumns } from "./aggregates.ts";

export type GenerateOutcome = "created" | "updated" | "unchanged" | "provisional";

export interface Generated {
  outcome: GenerateOutcome;
  summary: Summary;
}

/** "2025-W05" or "weekly/2025-W05" → the period; a 422 for anything else. */
export function requirePeriod(kind: PeriodKind, key: string): Period {
  const label = key.startsWith(`${kind}/`) ? key.slice(kind.length + 1) : key;
  const period = periodOf(kind, label);
  if (!period)
    throw new ValidationError(`no ${kind} period is called ${JSON.stringify(key)}`, {
      errors: [{ path: "key", message: labelProblem(kind, label) ?? "is not a period" }],
    });
  return period;
}

function refuseFuture(period: Period): never {
  throw new ValidationError(`${period.key} has not begun: there is nothing to summarise yet`, {
    errors: [{ path: "key", message: `starts ${period.start}` }],
  });
}

/** The revisions recorded in a period: one Query per day of the activity index, never a Scan. */
export async function readActivity(deps: Deps, period: Period): Promise<ActivityItem[]> {
  const days = await Promise.all(periodDays(period).map((day) => activityOfDay(deps, day)));
  return days.flat().filter((item) => item.revision.at >= period.start && item.revision.at < period.end);
}

async function activityOfDay(deps: Deps, day: string): Promise<ActivityItem[]> {
  const items = await queryAll(deps, { index: index.activity, pk: keys.activityPartition(day) });
  // Revisions written before snapshots existed cannot be described deterministically; they are left out.
  return items.flatMap((item) => {
    const activity = fromActivityItem(item);
    return activity ? [activity] : [];
  });
}

/**
 * The ledger's columns as they stood at each instant (UTC midnights): the recorded-month items of the months
 * before, plus the recorded-day items of the instant's month before its day. Two Queries, exact sums.
 */
export async function ledgerAt(deps: Deps, instants: string[]): Promise<Columns[]> {
  const days = instants.map((instant) => instant.slice(0, 10)).sort();
  const first = days[0] as string;
  const last = days[days.length - 1] as string;
  const [months, dayItems] = await Promise.all([
    queryColumns(deps, { pk: keys.ledgerMonthPartition, sk: { to: last.slice(0, 7) } }),
    queryColumns(deps, { pk: keys.ledgerDayPartition, sk: { from: `${first.slice(0, 7)}-01`, to: last } }),
  ]);
  return instants.map((instant) => {
    const day = instant.slice(0, 10);
    const month = day.slice(0, 7);
    const before = [
      ...months.filter((item) => (item.sk as string) < month),
      ...dayItems.filter((item) => (item.sk as string) >= `${month}-01` && (item.sk as string) < day),
    ];
    return before.reduce<Columns>((sum, item) => addColumns(sum, columnsOf(item)), {});
  });
}

/** A period's summary content, as of the data now (final only for a complete period). */
export async function summarize(deps: Deps, period: Period, final: boolean): Promise<SummaryContent> {
  const previous = previousPeriod(period);
  const [activity, edges] = await Promise.all([
    readActivity(deps, period),
    ledgerAt(deps, [previous.start, period.start, period.end]),
  ]);
  const [atPreviousStart, atStart, atEnd] = edges as [Columns, Columns, Columns];
  // Parsed, so what is hashed and stored is exactly the schema's shape.
  return summaryContent.parse(
    buildSummary({ period, previous, final, activity, ledger: { atPreviousStart, atStart, atEnd } }),
  );
}

async function storedItem(deps: Deps, period: Period): Promise<Record<string, unknown> | undefined> {
  const { Item } = await deps.db.send(
    new GetCommand({
      TableName: deps.tableName,
      Key: keys.summaryLookup(period.kind, period.label),
      ConsistentRead: true,
    }),
  );
  return Item;
}

/**
 * Generates (or regenerates) a period's summary: the last complete one at `deps.now()` when no key is given.
 * A complete period is stored once; the current one is provisional (`final: false`), neither stored nor published.
 */
export async function generateSummary(
  deps: Deps,
  request: { period: PeriodKind; key?: string | undefined },
): Promise<Generated> {
  const now = deps.now();
  const period = request.key
    ? requirePeriod(request.period, request.key)
    : lastCompletePeriod(request.period, now);
  const state = periodState(period, now);
  if (state === "future") refuseFuture(period);
  // What is stored is read before the period is: a summary stores only over the one stored when it began computing,
  // never over one another generation computed from newer data meanwhile (after a repair of the ledger's items).
  const existing = state === "complete" ? await storedItem(deps, period) : undefined;
  const content = await summarize(deps, period, state === "complete");
  const hash = contentHash(content);
  const generatedAt = now.toISOString();
  // Through the schema, so a fresh summary and a stored one read back serialise alike, key for key.
  const fresh = summarySchema.parse({ ...content, generatedAt, contentHash: hash });
  if (!content.final) return { outcome: "provisional", summary: fresh };

  if (existing?.contentHash === hash) return { outcome: "unchanged", summary: fromSummaryItem(existing) };
  // A published summary whose figures changed is corrected, and says so: when, and which content it replaced.
  const corrections = existing
    ? [
        ...fromSummaryItem(existing).corrections,
        { at: generatedAt, replacedContentHash: String(existing.contentHash) },
      ]
    : [];
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: toSummaryItem(content, hash, generatedAt, corrections),
        ...(existing
          ? {
              ConditionExpression: "#hash = :seen",
              ExpressionAttributeNames: { "#hash": "contentHash" },
              ExpressionAttributeValues: { ":seen": existing.contentHash },
            }
          : { ConditionExpression: "attribute_not_exists(pk)" }),
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // Another run stored it meanwhile: the same content is the same summary.
    const winner = await storedItem(deps, period);
    if (winner?.contentHash === hash) return { outcome: "unchanged", summary: fromSummaryItem(winner) };
    throw new ConflictError(`${period.key} was regenerated at the same time with other content; try again`);
  }
  return { outcome: existing ? "updated" : "created", summary: { ...fresh, corrections } };
}

/** A stored summary; the current period's provisional one, computed now; 404 for a past one never generated. */
export async function readSummary(deps: Deps, kind: PeriodKind, label: string): Promise<Summary> {
  const period = requirePeriod(kind, label);
  const now = deps.now();
  const state = periodState(period, now);
  if (state === "future") refuseFuture(period);
  if (state === "current") {
    const content = await summarize(deps, period, false);
    return summarySchema.parse({
      ...content,
      generatedAt: now.toISOString(),
      contentHash: contentHash(content),
    });
  }
  const item = await storedItem(deps, period);
  if (!item)
    throw new NotFoundError(
      `no summary ${period.key} has been generated; POST /summaries {"period":"${kind}","key":"${period.label}"} generates it`,
    );
  return fromSummaryItem(item);
}

const LISTED = [
  "pk",
  "sk",
  "gsi3pk",
  "gsi3sk",
  "key",
  "period",
  "label",
  "start",
  "end",
  "final",
  "generatedAt",
  "contentHash",
  "headline",
  "corrections",
];

/**
 * The newest published summaries of both kinds, in full (gsi3 projects every attribute): one Query, for the
 * feed. Fewer than `limit` when they would pass DynamoDB's 1 MB page.
 */
export async function latestSummaries(deps: Deps, limit: number): Promise<Summary[]> {
  const page = await queryPage(
    deps,
    { index: index.summaries, pk: keys.summariesPartition, descending: true },
    { limit, cursor: undefined, context: "summaries:feed" },
  );
  return page.items.map(fromSummaryItem);
}

/** Stored summaries newest first, of one kind or of both (through gsi3), without their content. */
export async function listSummaries(
  deps: Deps,
  query: { period?: PeriodKind | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<SummaryEntry>> {
  const page = await queryPage(
    deps,
    {
      ...(query.period
        ? { pk: keys.summaryPartition(query.period) }
        : { index: index.summaries, pk: keys.summariesPartition }),
      projection: LISTED,
      descending: true,
    },
    { limit: query.limit, cursor: query.cursor, context: `summaries:${query.period ?? "*"}` },
  );
  return { items: page.items.map(summaryEntryOf), nextCursor: page.nextCursor };
}
