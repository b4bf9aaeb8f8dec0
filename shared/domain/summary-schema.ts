import { z } from "zod";
import { amountSchema, amountUsdSchema, CONFIDENCES, PRECISIONS, STATUSES } from "../commitments/schema.ts";
import { labelProblem, PERIOD_KINDS } from "./periods.ts";
import { totalsFields } from "./totals.ts";
import { afterFields, decimalString } from "./validation.ts";

/** Totals as GET /totals gives them (floor, ceiling, open ends, by qualifier); a change may be negative. */
export const summaryTotals = totalsFields;
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
    notCountedBecause: z.enum(["part-of-parent"]).nullable(),
    /** What it added to the ledger's totals in the period (its money as it counts at the period's end). */
    money: summaryTotals,
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
    /** `cover`: not a revision of its own; a change of its whole's figure moved it into or out of the totals. */
    change: z.enum(["updated", "source-added", "deleted", "cover"]),
    /** For `cover`: the whole whose change moved this part. */
    by: z.string().nullable(),
    announcedOn: z.string(),
    announcedOnPrecision: z.enum(PRECISIONS),
    amount: z.object({ from: amountSchema.nullable(), to: amountSchema.nullable() }).nullable(),
    amountUsd: z.object({ from: amountUsdSchema.nullable(), to: amountUsdSchema.nullable() }).nullable(),
    status: z.object({ from: z.enum(STATUSES).nullable(), to: z.enum(STATUSES).nullable() }).nullable(),
    /** What this change moved in the ledger's totals for this commitment (signed). */
    moneyChange: summaryTotals,
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
  newMoney: summaryTotals,
  cumulative: summaryTotals,
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
    top: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        amount: amountSchema.nullable(),
        usdLow: decimalString(),
        usdHigh: decimalString(),
      }),
    ),
    newMoney: z.object({
      total: summaryTotals,
      byCountry: z.array(groupTotals),
      byCategory: z.array(groupTotals),
    }),
    /** atEnd = atStart + new + revised + deleted: the ledger's change, commitment by commitment. */
    cumulative: z.object({
      atStart: summaryTotals,
      new: summaryTotals,
      revised: summaryTotals,
      deleted: summaryTotals,
      atEnd: summaryTotals,
    }),
    change: z.object({
      previous: periodRef,
      thisPeriod: summaryTotals,
      previousPeriod: summaryTotals,
      difference: summaryTotals,
    }),
  })
  .meta({ id: "SummaryContent" });
export type SummaryContent = z.output<typeof summaryContent>;

/** A stored summary regenerated with other content: when, and the content it replaced. */
export const summaryCorrection = z.object({ at: z.string(), replacedContentHash: z.string() });
export type SummaryCorrection = z.output<typeof summaryCorrection>;

export const summarySchema = summaryContent
  .extend({
    generatedAt: z.string(),
    contentHash: z.string(),
    /** Corrections of a published summary, oldest first: it was regenerated because its figures were wrong. */
    corrections: z.array(summaryCorrection).default([]),
  })
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
    corrections: true,
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
  }, afterFields);

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
  }, afterFields)
  .meta({ id: "SummaryRequest" });
