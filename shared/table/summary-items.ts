/**
 * Item ↔ summary mapping. The content is kept as a map (money as decimal strings), with its headline also at the
 * top level for listings and for the stream, which emits `summary.published` on INSERT, or on MODIFY when
 * `contentHash` changed. Content that would crowd DynamoDB's 400 KB item limit is stored gzipped instead.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { canonicalJson } from "../domain/revisions.ts";
import {
  type Summary,
  type SummaryContent,
  type SummaryCorrection,
  type SummaryEntry,
  summaryEntry,
  summarySchema,
} from "../domain/summary.ts";
import * as z from "../zod.ts";
import { keys } from "./keys.ts";

/** Above this many bytes of JSON, the content is stored gzipped (a busy month with hundreds of records). */
export const INLINE_CONTENT_LIMIT = 300_000;

export function toSummaryItem(
  content: SummaryContent,
  hash: string,
  generatedAt: string,
  corrections: SummaryCorrection[] = [],
  inlineLimit = INLINE_CONTENT_LIMIT,
) {
  const json = canonicalJson(content);
  const inline = Buffer.byteLength(json, "utf8") <= inlineLimit;
  return {
    ...keys.summary(content.period, content.label, content.end),
    type: "summary",
    key: content.key,
    period: content.period,
    label: content.label,
    start: content.start,
    end: content.end,
    final: content.final,
    contentHash: hash,
    generatedAt,
    corrections,
    headline: content.headline,
    content: inline ? content : { headline: content.headline },
    ...(inline ? {} : { contentGzip: gzipSync(json) }),
  };
}

export function fromSummaryItem(item: Record<string, unknown>): Summary {
  const content = item.contentGzip
    ? JSON.parse(gunzipSync(item.contentGzip as Uint8Array).toString("utf8"))
    : item.content;
  return summarySchema.parse({
    ...content,
    generatedAt: item.generatedAt,
    contentHash: item.contentHash,
    corrections: item.corrections ?? [],
  });
}

export function summaryEntryOf(item: Record<string, unknown>): SummaryEntry {
  return summaryEntry.parse(item);
}

/** What the stream needs of a summary item to announce it: its key, version (content hash) and headline. */
const publishedSummary = z.object({
  key: z.string(),
  period: z.string(),
  final: z._default(z.boolean(), false),
  contentHash: z.string(),
  generatedAt: z.optional(z.string()),
  headline: z.optional(z.unknown()),
});
export type PublishedSummary = z.output<typeof publishedSummary>;

/** A summary item (a stream image) as what was published; throws when it is not one. */
export function publishedSummaryOf(item: Record<string, unknown>): PublishedSummary {
  // The headline is kept at the top level; an item written before that keeps it only in its content.
  const content = item.content as { headline?: unknown } | undefined;
  return publishedSummary.parse({ ...item, headline: item.headline ?? content?.headline });
}
