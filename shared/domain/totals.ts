/** GET /totals (SPEC 3.3): the query, and how its months and groups map onto the aggregates. */

import { currencyCode, QUALIFIERS } from "../commitments/money.ts";
import { CATEGORIES, CONFIDENCES, countryCode, STATUSES } from "../commitments/vocabulary.ts";
import * as z from "../zod.ts";
import { isCalendarDateOrPart } from "./dates.ts";
import { afterFields, decimalString } from "./validation.ts";

export const TOTALS_GROUPS = ["country", "category", "party", "year", "status", "currency"] as const;
export type TotalsGroup = (typeof TOTALS_GROUPS)[number];

/** A month bound: "2025-01", or a date that is a month's first day (from) or last day (to). */
const monthBound = (edge: "first" | "last") =>
  z.pipe(
    z.string().check(
      z.regex(/^\d{4}-\d{2}(-\d{2})?$/, "must be a month YYYY-MM or a date YYYY-MM-DD"),
      z.refine(isCalendarDateOrPart, "must be a real month or date"),
      z.refine(
        (value) => value.length === 7 || (edge === "first" ? value.endsWith("-01") : isLastDay(value)),
        `totals are kept by month: give a month, or the ${edge} day of one`,
      ),
    ),
    z.transform((value) => value.slice(0, 7)),
  );

function isLastDay(date: string): boolean {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month, 0)).getUTCDate() === day;
}

/** The filters totals can answer exactly from aggregates; the rest are refused with a pointer to the listing. */
const UNSUPPORTED = ["q", "minUsd", "maxUsd"] as const;

export const totalsQuery = z
  .strictObject({
    groupBy: z.enum(TOTALS_GROUPS),
    from: z.optional(monthBound("first")),
    to: z.optional(monthBound("last")),
    includeEstimates: z._default(z.enum(["true", "false"]), "true"),
    confidence: z.optional(z.enum(CONFIDENCES)),
    country: z.optional(countryCode),
    category: z.optional(z.enum(CATEGORIES)),
    party: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
    status: z.optional(z.enum(STATUSES)),
    currency: z.optional(currencyCode),
    year: z.optional(z.string().check(z.regex(/^\d{4}$/, "must be a year YYYY"))),
    ...Object.fromEntries(UNSUPPORTED.map((name) => [name, z.optional(z.string())])),
  })
  .check(
    z.superRefine((query, ctx) => {
      for (const name of UNSUPPORTED)
        if ((query as Record<string, unknown>)[name] !== undefined)
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: `totals are kept per group and month; ${name} is a listing filter: use GET /commitments`,
          });
      for (const dimension of ["country", "category", "party", "status", "currency", "year"] as const)
        if (query[dimension] !== undefined && query.groupBy !== dimension)
          ctx.addIssue({
            code: "custom",
            path: [dimension],
            message: `totals filter only on the grouped dimension (groupBy=${dimension}), by month (from/to) and by confidence`,
          });
      if (query.from && query.to && query.from > query.to)
        ctx.addIssue({ code: "custom", path: ["to"], message: "from must not be after to" });
      // A year bounds the months the other bound leaves open (readTotals): the range must not run backwards.
      else if (query.year && query.from && query.from > `${query.year}-12`)
        ctx.addIssue({
          code: "custom",
          path: ["from"],
          message: `from must not be after year ${query.year}'s end`,
        });
      else if (query.year && query.to && query.to < `${query.year}-01`)
        ctx.addIssue({
          code: "custom",
          path: ["to"],
          message: `to must not be before year ${query.year}'s start`,
        });
    }, afterFields),
  )
  .register(z.globalRegistry, { id: "TotalsQuery" });
export type TotalsQuery = z.output<typeof totalsQuery>;

/** The confidences a query counts. */
export function confidencesFor(query: Pick<TotalsQuery, "confidence" | "includeEstimates">): string[] {
  if (query.confidence) return [query.confidence];
  return CONFIDENCES.filter((confidence) => confidence !== "estimate" || query.includeEstimates === "true");
}

const whole = decimalString;

const qualifierTotals = z.object({
  count: whole("figures with this qualifier that have a USD conversion"),
  usdLow: whole("sum of their own USD lows"),
  usdHigh: whole("sum of their own USD highs"),
});

/** Totals that keep the qualifiers (SPEC 3.3); every figure an exact decimal string. */
export const totalsFields = z
  .object({
    count: whole("records counted (parts only through their whole)"),
    usdLow: whole(
      "the floor: exact, approximately and at-least add their figure, range its low, up-to nothing",
    ),
    usdHigh: z.nullable(
      whole(
        "the ceiling: exact, approximately and up-to add their figure, range its high; null when an at-least figure leaves it open",
      ),
    ),
    openEnded: whole("how many at-least figures are included (they open the ceiling)"),
    byQualifier: z
      .partialRecord(z.enum(QUALIFIERS), qualifierTotals)
      .register(z.globalRegistry, { description: "per qualifier, the records' own figures summed" }),
    unconverted: whole("records with a figure but no exchange rate (counted, not summed)"),
    stale: whole("conversions whose rate is dated more than 31 days before the announcement"),
  })
  .register(z.globalRegistry, { id: "TotalsFigures" });

const totalsRow = z
  .extend(totalsFields, {
    key: z.string(),
    amountLow: z.optional(whole("groupBy=currency: the floor in the currency itself")),
    amountHigh: z.optional(
      z.nullable(whole("groupBy=currency: the ceiling in the currency itself, null when open")),
    ),
  })
  .register(z.globalRegistry, { id: "TotalsRow" });

export const totalsSchema = z
  .object({
    groupBy: z.enum(TOTALS_GROUPS),
    from: z.nullable(z.string()),
    to: z.nullable(z.string()),
    includeEstimates: z.boolean(),
    confidence: z.nullable(z.string()),
    groups: z.array(totalsRow),
    total: totalsFields,
  })
  .register(z.globalRegistry, { id: "Totals" });
export type TotalsResult = z.output<typeof totalsSchema>;
