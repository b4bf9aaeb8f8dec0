/**
 * A period's summary (SPEC 5) as data: what changed in the ledger during the period, built from the period's
 * revisions (the activity index) and the ledger's totals as they stood at the period's edges. Pure and
 * deterministic: the same activity gives the same content, and so the same hash.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ActivityItem, RevisionSnapshot } from "../commitments/items.ts";
import { amountSchema, amountUsdSchema, CONFIDENCES, PRECISIONS, STATUSES } from "../commitments/schema.ts";
import { addDecimal, addSigned, compareDecimal, negate } from "./decimal.ts";
import { labelProblem, PERIOD_KINDS, type Period } from "./periods.ts";
import { canonicalJson } from "./revisions.ts";

/** Exact sums as decimal strings; a change may be negative ("-10000000000"). */
export const summaryTotals = z
  .object({ count: z.string(), usdLow: z.string(), usdHigh: z.string(), unconverted: z.string() })
  .meta({ id: "SummaryTotals" });
export type SummaryTotals = z.output<typeof summaryTotals>;

const groupTotals = summaryTotals.extend({ key: z.string() });
const sourceLink = z.object({
  url: z.string(),
  publisher: z.string().optional(),
  title: z.string().optional(),
});
const periodRef = z.object({ key: z.string(), start: z.string(), end: z.string() });

export const summaryCommitment = z
  .object({
    id: z.string(),
    title: z.string(),
    /** When it entered the ledger (its `created` revision). */
    recordedAt: z.string(),
    announcedOn: z.string(),
    announcedOnPrecision: z.enum(PRECISIONS),
    /** Announced before the period began: new to the ledger, not news. */
    newlyTracked: z.boolean(),
    amount: amountSchema.nullable(),
    amountUsd: amountUsdSchema.nullable(),
    country: z.string(),
    categories: z.array(z.string()),
    confidence: z.enum(CONFIDENCES),
    status: z.enum(STATUSES),
    parentId: z.string().nullable(),
    /** The parent's title, when the parent is in this period's activity too. */
    parentTitle: z.string().nullable(),
    /** Whether it adds to the new money; when not, `notCountedBecause` says why. */
    counted: z.boolean(),
    notCountedBecause: z.enum(["part-of-parent", "deleted-in-period"]).nullable(),
    sources: z.array(sourceLink),
  })
  .meta({ id: "SummaryCommitment" });
export type SummaryCommitment = z.output<typeof summaryCommitment>;

export const summaryRevision = z
  .object({
    id: z.string(),
    title: z.string(),
    version: z.number().int(),
    at: z.string(),
    change: z.enum(["updated", "source-added", "deleted"]),
    announcedOn: z.string(),
    announcedOnPrecision: z.enum(PRECISIONS),
    amount: z.object({ from: amountSchema.nullable(), to: amountSchema.nullable() }).nullable(),
    amountUsd: z.object({ from: amountUsdSchema.nullable(), to: amountUsdSchema.nullable() }).nullable(),
    status: z.object({ from: z.enum(STATUSES).nullable(), to: z.enum(STATUSES).nullable() }).nullable(),
    /** What the revision moved in the USD totals (signed); null when the record is counted through a parent. */
    usdChange: z.object({ low: z.string(), high: z.string() }).nullable(),
    counted: z.boolean(),
    note: z.string().nullable(),
    /** The source the revision names (a further report that changed the figure). */
    source: sourceLink.nullable(),
    sources: z.array(sourceLink),
  })
  .meta({ id: "SummaryRevision" });
export type SummaryRevision = z.output<typeof summaryRevision>;

export const summaryHeadline = z.object({
  empty: z.boolean(),
  newCommitments: z.number().int(),
  revisions: z.number().int(),
  newUsdLow: z.string(),
  newUsdHigh: z.string(),
  newUnconverted: z.number().int(),
  cumulativeUsdLow: z.string(),
  cumulativeUsdHigh: z.string(),
});

/** The stored, hashed content: everything but when it was generated. */
export const summaryContent = z
  .object({
    key: z.string(),
    period: z.enum(PERIOD_KINDS),
    label: z.string(),
    start: z.string(),
    end: z.string(),
    /** False for the current, incomplete period: provisional, never stored or published. */
    final: z.boolean(),
    headline: summaryHeadline,
    newCommitments: z.array(summaryCommitment),
    revisions: z.array(summaryRevision),
    top: z.array(z.object({ id: z.string(), title: z.string(), usdLow: z.string(), usdHigh: z.string() })),
    newMoney: z.object({
      total: summaryTotals,
      byCountry: z.array(groupTotals),
      byCategory: z.array(groupTotals),
    }),
    cumulative: z.object({ atStart: summaryTotals, atEnd: summaryTotals }),
    change: z.object({
      previous: periodRef,
      thisPeriod: summaryTotals,
      previousPeriod: summaryTotals,
      difference: summaryTotals,
    }),
  })
  .meta({ id: "SummaryContent" });
export type SummaryContent = z.output<typeof summaryContent>;

export const summarySchema = summaryContent
  .extend({ generatedAt: z.string(), contentHash: z.string() })
  .meta({ id: "Summary" });
export type Summary = z.output<typeof summarySchema>;

/** A stored summary in a listing: its headline, not its content. */
export const summaryEntry = summarySchema
  .pick({
    key: true,
    period: true,
    label: true,
    start: true,
    end: true,
    final: true,
    generatedAt: true,
    contentHash: true,
    headline: true,
  })
  .meta({ id: "SummaryEntry" });
export type SummaryEntry = z.output<typeof summaryEntry>;

export const SUMMARY_FORMATS = ["json", "md", "html"] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

/** `GET /summaries/{period}/{key}`: the key is the period's label ("2025-W05", "2025-01"). */
export const summaryParams = z
  .strictObject({ period: z.enum(PERIOD_KINDS), key: z.string().max(40) })
  .superRefine(({ period, key }, ctx) => {
    const problem = labelProblem(period, key);
    if (problem) ctx.addIssue({ code: "custom", path: ["key"], message: problem });
  });

export const summaryFormatQuery = z.strictObject({ format: z.enum(SUMMARY_FORMATS).optional() });

/** `POST /summaries`: key "2025-W05" or "weekly/2025-W05"; without it, the last complete period. */
export const summaryRequest = z
  .strictObject({ period: z.enum(PERIOD_KINDS), key: z.string().max(40).optional() })
  .superRefine(({ period, key }, ctx) => {
    if (key === undefined) return;
    const [kind, label] = key.includes("/") ? key.split("/", 2) : [period, key];
    const problem =
      kind !== period
        ? `names a ${kind} summary, but period is ${period}`
        : labelProblem(period, label ?? "");
    if (problem) ctx.addIssue({ code: "custom", path: ["key"], message: problem });
  })
  .meta({ id: "SummaryRequest" });

/** The ledger's totals as they stood at the start of the previous period, and at this period's start and end. */
export interface LedgerEdges {
  atPreviousStart: SummaryTotals;
  atStart: SummaryTotals;
  atEnd: SummaryTotals;
}

export interface SummaryInput {
  period: Period;
  previous: Period;
  final: boolean;
  /** The revisions recorded in the period, any order. */
  activity: ActivityItem[];
  ledger: LedgerEdges;
}

export const ZERO_TOTALS: SummaryTotals = { count: "0", usdLow: "0", usdHigh: "0", unconverted: "0" };
const MEASURES = ["count", "usdLow", "usdHigh", "unconverted"] as const;
const TOP = 5;

/** sha256 of the canonical JSON: equal content, equal hash, whatever the key order. */
export function contentHash(content: SummaryContent): string {
  return createHash("sha256").update(canonicalJson(content), "utf8").digest("hex");
}

/** a − b per measure, signed. */
export function totalsDifference(a: SummaryTotals, b: SummaryTotals): SummaryTotals {
  const result = { ...ZERO_TOTALS };
  for (const measure of MEASURES) result[measure] = addSigned(a[measure], negate(b[measure]));
  return result;
}

/** What a counted record adds to the new money, as aggregates count it: unconverted records are counted, not dropped. */
function addTo(totals: SummaryTotals, snapshot: RevisionSnapshot): SummaryTotals {
  const next = { ...totals, count: addDecimal(totals.count, "1") };
  if (!snapshot.amount) return next;
  if (!snapshot.amountUsd) return { ...next, unconverted: addDecimal(totals.unconverted, "1") };
  return {
    ...next,
    usdLow: addDecimal(totals.usdLow, snapshot.amountUsd.low),
    usdHigh: addDecimal(totals.usdHigh, snapshot.amountUsd.high),
  };
}

const byUsdThenKey = (a: { usdHigh: string; usdLow: string; key: string }, b: typeof a) =>
  compareDecimal(b.usdHigh, a.usdHigh) ||
  compareDecimal(b.usdLow, a.usdLow) ||
  (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function grouped(rows: Map<string, SummaryTotals>) {
  return [...rows]
    .map(([key, totals]) => ({ key, ...totals }))
    .sort(
      (a, b) =>
        byUsdThenKey(a, b) ||
        compareDecimal(b.count, a.count) ||
        compareDecimal(b.unconverted, a.unconverted),
    );
}

const ordered = (a: ActivityItem, b: ActivityItem) =>
  a.revision.at < b.revision.at
    ? -1
    : a.revision.at > b.revision.at
      ? 1
      : a.commitmentId < b.commitmentId
        ? -1
        : a.commitmentId > b.commitmentId
          ? 1
          : a.revision.version - b.revision.version;

/** Changes a summary reports: of the figure (in its currency or in USD), of the status, or a removal. */
function reported(item: ActivityItem): boolean {
  const { change, fields } = item.revision;
  return change === "deleted" || "amount" in fields || "amountUsd" in fields || "status" in fields;
}

function usdOf(value: unknown): { low: string; high: string } | null {
  const usd = value as { low?: unknown; high?: unknown } | null;
  return typeof usd?.low === "string" && typeof usd.high === "string"
    ? { low: usd.low, high: usd.high }
    : null;
}

function revisionEntry(item: ActivityItem): SummaryRevision {
  const { revision, snapshot } = item;
  const fields = revision.fields;
  const pair = <T>(name: string) =>
    name in fields
      ? { from: (fields[name]?.from ?? null) as T | null, to: (fields[name]?.to ?? null) as T | null }
      : null;
  const amountUsd = pair<SummaryCommitment["amountUsd"]>("amountUsd");
  const from = usdOf(amountUsd?.from);
  const to = usdOf(amountUsd?.to);
  const usdChange =
    amountUsd && snapshot.counted
      ? {
          low: addSigned(to?.low ?? "0", negate(from?.low ?? "0")),
          high: addSigned(to?.high ?? "0", negate(from?.high ?? "0")),
        }
      : null;
  return {
    id: item.commitmentId,
    title: snapshot.title,
    version: revision.version,
    at: revision.at,
    change: revision.change as SummaryRevision["change"],
    announcedOn: snapshot.announcedOn,
    announcedOnPrecision: snapshot.announcedOnPrecision,
    amount: pair<SummaryCommitment["amount"]>("amount"),
    amountUsd,
    status: pair<SummaryCommitment["status"]>("status"),
    usdChange,
    counted: snapshot.counted,
    note: revision.note ?? null,
    source: revision.source
      ? {
          url: revision.source.url,
          ...(revision.source.publisher ? { publisher: revision.source.publisher } : {}),
          ...(revision.source.title ? { title: revision.source.title } : {}),
        }
      : null,
    sources: snapshot.sources,
  };
}

/**
 * The summary of a period. A commitment recorded in the period is described as it stood at the period's end
 * (so one created and revised in the same week shows its final figure once, and its revisions are not listed
 * again); revisions are listed for commitments recorded before the period.
 */
export function buildSummary(input: SummaryInput): SummaryContent {
  const { period, previous, final, ledger } = input;
  const activity = input.activity
    .filter((item) => item.revision.at >= period.start && item.revision.at < period.end)
    .sort(ordered);

  const createdAt = new Map<string, string>();
  const last = new Map<string, ActivityItem>();
  for (const item of activity) {
    if (item.revision.change === "created") createdAt.set(item.commitmentId, item.revision.at);
    last.set(item.commitmentId, item);
  }
  const titles = new Map([...last].map(([id, item]) => [id, item.snapshot.title]));

  const newCommitments: SummaryCommitment[] = [...createdAt].map(([id, recordedAt]) => {
    const { snapshot, revision } = last.get(id) as ActivityItem;
    const deleted = revision.change === "deleted";
    const counted = snapshot.counted && !deleted;
    return {
      id,
      title: snapshot.title,
      recordedAt,
      announcedOn: snapshot.announcedOn,
      announcedOnPrecision: snapshot.announcedOnPrecision,
      newlyTracked: snapshot.announcedOn < period.start.slice(0, 10),
      amount: snapshot.amount,
      amountUsd: snapshot.amountUsd,
      country: snapshot.country,
      categories: snapshot.categories,
      confidence: snapshot.confidence,
      status: snapshot.status,
      parentId: snapshot.parentId,
      parentTitle: snapshot.parentId ? (titles.get(snapshot.parentId) ?? null) : null,
      counted,
      notCountedBecause: deleted ? "deleted-in-period" : counted ? null : "part-of-parent",
      sources: snapshot.sources,
    };
  });

  const revisions = activity
    .filter(
      (item) => !createdAt.has(item.commitmentId) && item.revision.change !== "created" && reported(item),
    )
    .map(revisionEntry);

  let total = { ...ZERO_TOTALS };
  const byCountry = new Map<string, SummaryTotals>();
  const byCategory = new Map<string, SummaryTotals>();
  const top: SummaryContent["top"] = [];
  for (const entry of newCommitments) {
    if (!entry.counted) continue;
    const { snapshot } = last.get(entry.id) as ActivityItem;
    total = addTo(total, snapshot);
    byCountry.set(entry.country, addTo(byCountry.get(entry.country) ?? ZERO_TOTALS, snapshot));
    for (const category of entry.categories)
      byCategory.set(category, addTo(byCategory.get(category) ?? ZERO_TOTALS, snapshot));
    if (entry.amountUsd)
      top.push({
        id: entry.id,
        title: entry.title,
        usdLow: entry.amountUsd.low,
        usdHigh: entry.amountUsd.high,
      });
  }
  top.sort((a, b) => byUsdThenKey({ ...a, key: a.id }, { ...b, key: b.id }));

  const thisPeriod = totalsDifference(ledger.atEnd, ledger.atStart);
  const previousPeriod = totalsDifference(ledger.atStart, ledger.atPreviousStart);
  return {
    key: period.key,
    period: period.kind,
    label: period.label,
    start: period.start,
    end: period.end,
    final,
    headline: {
      empty:
        newCommitments.length === 0 &&
        revisions.length === 0 &&
        MEASURES.every((measure) => /^-?0$/.test(thisPeriod[measure])),
      newCommitments: newCommitments.length,
      revisions: revisions.length,
      newUsdLow: total.usdLow,
      newUsdHigh: total.usdHigh,
      newUnconverted: Number(total.unconverted),
      cumulativeUsdLow: ledger.atEnd.usdLow,
      cumulativeUsdHigh: ledger.atEnd.usdHigh,
    },
    newCommitments,
    revisions,
    top: top.slice(0, TOP),
    newMoney: { total, byCountry: grouped(byCountry), byCategory: grouped(byCategory) },
    cumulative: { atStart: ledger.atStart, atEnd: ledger.atEnd },
    change: {
      previous: { key: previous.key, start: previous.start, end: previous.end },
      thisPeriod,
      previousPeriod,
      difference: totalsDifference(thisPeriod, previousPeriod),
    },
  };
}
