import { amountSchema, amountUsdSchema, QUALIFIERS } from "../commitments/money.ts";
import { CONFIDENCES, PRECISIONS, STATUSES } from "../commitments/vocabulary.ts";
import * as z from "../zod.ts";
import { labelProblem, PERIOD_KINDS } from "./periods.ts";
import { totalsFields } from "./totals.ts";
import { afterFields, decimalString } from "./validation.ts";

/** Totals as GET /totals gives them (floor, ceiling, open ends, by qualifier); a change may be negative. */
export const summaryTotals = totalsFields;
export type SummaryTotals = z.output<typeof summaryTotals>;

const groupTotals = z.extend(summaryTotals, { key: z.string() });
const sourceLink = z.object({
  url: z.string(),
  publisher: z.optional(z.string()),
  title: z.optional(z.string()),
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
    amount: z.nullable(amountSchema),
    amountUsd: z.nullable(amountUsdSchema),
    country: z.string(),
    categories: z.array(z.string()),
    confidence: z.enum(CONFIDENCES),
    status: z.enum(STATUSES),
    parentId: z.nullable(z.string()),
    /** The parent's title, when the parent is in this period's activity too. */
    parentTitle: z.nullable(z.string()),
    /** Whether it adds to the new money; when not, `notCountedBecause` says why. */
    counted: z.boolean(),
    notCountedBecause: z.nullable(z.enum(["part-of-parent"])),
    /** What it added to the ledger's totals in the period (its money as it counts at the period's end). */
    money: summaryTotals,
    sources: z.array(sourceLink),
  })
  .register(z.globalRegistry, { id: "SummaryCommitment" });
export type SummaryCommitment = z.output<typeof summaryCommitment>;

export const summaryRevision = z
  .object({
    id: z.string(),
    title: z.string(),
    version: z.number().check(z.int()),
    at: z.string(),
    /** `cover`: not a revision of its own; a change of its whole's figure moved it into or out of the totals. */
    change: z.enum(["updated", "source-added", "deleted", "cover"]),
    /** For `cover`: the whole whose change moved this part. */
    by: z.nullable(z.string()),
    announcedOn: z.string(),
    announcedOnPrecision: z.enum(PRECISIONS),
    amount: z.nullable(z.object({ from: z.nullable(amountSchema), to: z.nullable(amountSchema) })),
    amountUsd: z.nullable(z.object({ from: z.nullable(amountUsdSchema), to: z.nullable(amountUsdSchema) })),
    /**
     * For a re-conversion (its US$ figures moved, its figure did not): the qualifier of the figure they convert,
     * so they read "up to" or "at least" as it does. Absent on other revisions, and in summaries stored before.
     */
    qualifier: z.optional(z.enum(QUALIFIERS)),
    status: z.nullable(z.object({ from: z.nullable(z.enum(STATUSES)), to: z.nullable(z.enum(STATUSES)) })),
    /** What this change moved in the ledger's totals for this commitment (signed). */
    moneyChange: summaryTotals,
    counted: z.boolean(),
    note: z.nullable(z.string()),
    /** The source the revision names (a further report that changed the figure). */
    source: z.nullable(sourceLink),
    sources: z.array(sourceLink),
  })
  .register(z.globalRegistry, { id: "SummaryRevision" });
export type SummaryRevision = z.output<typeof summaryRevision>;

export const summaryHeadline = z.object({
  empty: z.boolean(),
  newCommitments: z.number().check(z.int()),
  revisions: z.number().check(z.int()),
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
    /** False for the current, incomplete period (or one still settling, 30 s after its end): provisional, never stored or published. */
    final: z.boolean(),
    headline: summaryHeadline,
    newCommitments: z.array(summaryCommitment),
    revisions: z.array(summaryRevision),
    top: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        amount: z.nullable(amountSchema),
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
  .register(z.globalRegistry, { id: "SummaryContent" });
export type SummaryContent = z.output<typeof summaryContent>;

/** A stored summary regenerated with other content: when, and the content it replaced. */
export const summaryCorrection = z.object({ at: z.string(), replacedContentHash: z.string() });
export type SummaryCorrection = z.output<typeof summaryCorrection>;

export const summarySchema = z
  .extend(summaryContent, {
    generatedAt: z.string(),
    contentHash: z.string(),
    /** Corrections of a published summary, oldest first: it was regenerated because its figures were wrong. */
    corrections: z._default(z.array(summaryCorrection), []),
  })
  .register(z.globalRegistry, { id: "Summary" });
export type Summary = z.output<typeof summarySchema>;

/** A stored summary in a listing: its headline, not its content. */
export const summaryEntry = z
  .pick(summarySchema, {
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
  .register(z.globalRegistry, { id: "SummaryEntry" });
export type SummaryEntry = z.output<typeof summaryEntry>;

export const SUMMARY_FORMATS = ["json", "md", "html"] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

/** `GET /summaries/{period}/{key}`: the key is the period's label ("2025-W05", "2025-01"). */
export const summaryParams = z
  .strictObject({ period: z.enum(PERIOD_KINDS), key: z.string().check(z.maxLength(40)) })
  .check(
    z.superRefine(({ period, key }, ctx) => {
      const problem = labelProblem(period, key);
      if (problem) ctx.addIssue({ code: "custom", path: ["key"], message: problem });
    }, afterFields),
  );

export const summaryFormatQuery = z.strictObject({ format: z.optional(z.enum(SUMMARY_FORMATS)) });

/** `POST /summaries`: key "2025-W05" or "weekly/2025-W05"; without it, the last complete period. */
export const summaryRequest = z
  .strictObject({ period: z.enum(PERIOD_KINDS), key: z.optional(z.string().check(z.maxLength(40))) })
  .check(
    z.superRefine(({ period, key }, ctx) => {
      if (key === undefined) return;
      const [kind, label] = key.includes("/") ? key.split("/", 2) : [period, key];
      const problem =
        kind !== period
          ? `names a ${kind} summary, but period is ${period}`
          : labelProblem(period, label ?? "");
      if (problem) ctx.addIssue({ code: "custom", path: ["key"], message: problem });
    }, afterFields),
  )
  .register(z.globalRegistry, { id: "SummaryRequest" });
