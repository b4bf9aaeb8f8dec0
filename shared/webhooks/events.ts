/**
 * From table changes to webhook events, and which subscriptions want them. Pure: the stream handler feeds it
 * unmarshalled images, the tests feed it items they make.
 */
import { fromCommitmentItem } from "../commitments/items.ts";
import type { Commitment } from "../commitments/schema.ts";
import { compareDecimal } from "../domain/decimal.ts";
import { diffRecords, type FieldChanges } from "../domain/revisions.ts";
import { slugify } from "../domain/slug.ts";
import { publishedSummaryOf } from "../table/summary-items.ts";
import type { EventType, WebhookFilter } from "./schema.ts";

/** An event, before it is addressed to anyone: `id` is stable, so the same change is one event however often it is read. */
export interface WebhookEvent {
  id: string;
  type: EventType;
  /** When the change happened (ISO). */
  timestamp: string;
  data: Record<string, unknown>;
  /** The records a commitment filter is matched against (before and/or after the change). */
  subjects: Commitment[];
}

export type StreamChange = "INSERT" | "MODIFY" | "REMOVE";

export interface TableChange {
  change: StreamChange;
  oldImage: Record<string, unknown> | undefined;
  newImage: Record<string, unknown> | undefined;
  /** When the stream recorded the change (ISO). */
  at: string;
}

/** The item types whose changes are events; the stream subscription filters to these as well. */
export const EVENT_ITEM_TYPES = ["commitment", "summary"] as const;

/** The event a change stands for, or undefined when it is none (other items, bookkeeping-only writes). */
export function eventFor(change: TableChange): WebhookEvent | undefined {
  const type = (change.newImage ?? change.oldImage)?.type;
  if (type === "commitment") return commitmentEvent(change);
  if (type === "summary") return summaryEvent(change);
  return undefined;
}

function commitmentEvent({ change, oldImage, newImage, at }: TableChange): WebhookEvent | undefined {
  const before = fromCommitmentItem(oldImage)?.record;
  const after = fromCommitmentItem(newImage)?.record;
  if (change === "INSERT" && after)
    return {
      id: `${after.id}.v${after.version}`,
      type: "commitment.created",
      timestamp: after.createdAt,
      data: { commitment: after },
      subjects: [after],
    };
  if (change === "REMOVE" && before)
    return {
      id: `${before.id}.deleted`,
      type: "commitment.deleted",
      timestamp: at,
      data: { commitment: before },
      subjects: [before],
    };
  // A write that leaves the version alone (a child's count, a flag) changes nothing a subscriber sees.
  if (change !== "MODIFY" || !before || !after || after.version <= before.version) return undefined;
  const changes: FieldChanges = diffRecords(before, after);
  if (Object.keys(changes).length === 0) return undefined;
  return {
    id: `${after.id}.v${after.version}`,
    type: "commitment.updated",
    timestamp: after.updatedAt,
    data: { commitment: after, changes },
    subjects: [before, after],
  };
}

function summaryEvent({ change, oldImage, newImage, at }: TableChange): WebhookEvent | undefined {
  if (!newImage || change === "REMOVE") return undefined;
  if (change === "MODIFY" && oldImage?.contentHash === newImage.contentHash) return undefined;
  const { key, period, final, contentHash, generatedAt, headline } = publishedSummaryOf(newImage);
  return {
    id: `summary.${key}.${contentHash}`,
    type: "summary.published",
    timestamp: generatedAt ?? at,
    data: {
      key,
      period,
      final,
      contentHash,
      path: `/summaries/${key}`,
      ...(headline !== undefined ? { headline } : {}),
    },
    subjects: [],
  };
}

/** Whether a record passes a subscription's filter: every field given must match. */
export function matchesFilter(record: Commitment, filter: WebhookFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.minUsd !== undefined) {
    const high = record.amountUsd?.high;
    if (high === undefined || compareDecimal(high, filter.minUsd) < 0) return false;
  }
  if (filter.countries && !filter.countries.includes(record.location.country)) return false;
  if (filter.categories && !record.categories.some((category) => filter.categories?.includes(category)))
    return false;
  if (filter.parties) {
    const wanted = new Set(filter.parties.map(slugify));
    if (!record.parties.some((party) => wanted.has(party.slug))) return false;
  }
  return true;
}

export interface Subscriber {
  events: readonly EventType[];
  filter?: WebhookFilter | undefined;
  enabled: boolean;
}

/** Whether a subscription wants an event: enabled, subscribed to the type, and the record before or after passes its filter. */
export function wants(subscriber: Subscriber, event: WebhookEvent): boolean {
  if (!subscriber.enabled || !subscriber.events.includes(event.type)) return false;
  if (event.subjects.length === 0) return true;
  return event.subjects.some((record) => matchesFilter(record, subscriber.filter));
}
