/**
 * The commitment record (SPEC 2) as zod schemas. Types are inferred from these, the HTTP layer validates with
 * them and the OpenAPI document is generated from them: one source for each fact.
 */
import { z } from "zod";
import { COUNTRY_CODES, CURRENCY_CODES } from "../domain/codes.ts";
import { isCalendarDate, periodEndDate, periodStartDate } from "../domain/dates.ts";
import {
  canonicalDecimal,
  compareDecimal,
  DECIMAL_PATTERN,
  integerDigits,
  isPositiveDecimal,
} from "../domain/decimal.ts";
import { slugify } from "../domain/slug.ts";
import { afterFields, decimalString, lines, oneLine } from "../domain/validation.ts";

export const PARTY_ROLES = [
  "funder",
  "lead",
  "operator",
  "technology-partner",
  "government",
  "lender",
  "other",
] as const;
export const PARTY_KINDS = ["company", "government", "fund", "joint-venture", "other"] as const;
export const QUALIFIERS = ["exact", "approximately", "at-least", "up-to", "range"] as const;
export type Qualifier = (typeof QUALIFIERS)[number];
export const PRECISIONS = ["day", "month", "quarter", "year"] as const;
export const CATEGORIES = [
  "data-center",
  "compute",
  "energy",
  "chips",
  "network",
  "research",
  "talent",
  "other",
] as const;
export const STATUSES = [
  "announced",
  "planned",
  "under-construction",
  "operational",
  "delayed",
  "cancelled",
] as const;
export const CONFIDENCES = ["official", "reported", "estimate"] as const;

/** Largest amount accepted, in integer digits of major units (10^18: far above any real commitment). */
const MAX_INTEGER_DIGITS = 18;
const MAX_FRACTION_DIGITS = 6;

export const COMMITMENT_ID = /^cmt_[0-9A-HJKMNP-TV-Z]{26}$/;
export const commitmentId = z.string().regex(COMMITMENT_ID, "must be a commitment id (cmt_ + ULID)");

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine(isCalendarDate, "must be a real calendar date");

const yearOrDate = z
  .string()
  .regex(/^\d{4}(-\d{2}-\d{2})?$/, "must be a year YYYY or a date YYYY-MM-DD")
  .refine((value) => value.length === 4 || isCalendarDate(value), "must be a real calendar date");

export const decimalAmount = z
  .string({ error: 'must be a decimal string such as "65000000000" (numbers are not accepted for money)' })
  .max(40)
  .meta({ pattern: DECIMAL_PATTERN.source })
  .refine(isPositiveDecimal, 'must be a positive decimal string such as "65000000000" or "1.5"')
  .refine((value) => integerDigits(value) <= MAX_INTEGER_DIGITS, `must be below 10^${MAX_INTEGER_DIGITS}`)
  .refine(
    (value) => (value.split(".")[1] ?? "").length <= MAX_FRACTION_DIGITS,
    `must have at most ${MAX_FRACTION_DIGITS} decimal places`,
  )
  .transform(canonicalDecimal)
  // Keeps the output a string in JSON Schema (a bare transform's output is unrepresentable: `{}` in OpenAPI).
  .pipe(decimalString());

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD")
  .refine((code) => CURRENCY_CODES.has(code), "is not a known ISO 4217 currency");

export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as KR, or XX")
  .refine((code) => COUNTRY_CODES.has(code), "is not an ISO 3166-1 alpha-2 country code");

/** Text on one line unless `check` is `lines`; never blank. */
const text = (max: number, check = oneLine) =>
  z
    .string()
    .max(max)
    .check(check)
    .refine((value) => value.trim().length > 0, "must not be blank");

export const amountSchema = z.strictObject({
  currency: currencyCode,
  low: decimalAmount,
  high: decimalAmount,
  qualifier: z.enum(QUALIFIERS),
});
export type Amount = z.output<typeof amountSchema>;

/** Input may give `value` instead of `low`/`high`; either way the result is `{ currency, low, high, qualifier }`. */
export const amountInput = z
  .strictObject({
    currency: currencyCode,
    qualifier: z.enum(QUALIFIERS),
    value: decimalAmount.optional(),
    low: decimalAmount.optional(),
    high: decimalAmount.optional(),
  })
  .superRefine((amount, ctx) => {
    const hasValue = amount.value !== undefined;
    const hasRange = amount.low !== undefined || amount.high !== undefined;
    if (hasValue === hasRange) {
      ctx.addIssue({ code: "custom", message: "give either value, or both low and high", path: [] });
      return;
    }
    if (!hasValue && (amount.low === undefined || amount.high === undefined)) {
      ctx.addIssue({
        code: "custom",
        message: "low and high go together",
        path: [amount.low ? "high" : "low"],
      });
      return;
    }
    if (amount.low !== undefined && amount.high !== undefined) {
      const order = compareDecimal(amount.low, amount.high);
      if (order > 0) ctx.addIssue({ code: "custom", message: "low must not exceed high", path: ["low"] });
      if (order < 0 && amount.qualifier !== "range")
        ctx.addIssue({ code: "custom", message: "only a range may have low < high", path: ["qualifier"] });
    }
  }, afterFields)
  .transform(
    ({ currency, qualifier, value, low, high }): Amount => ({
      currency,
      low: (value ?? low) as string,
      high: (value ?? high) as string,
      qualifier,
    }),
  );

export const partyInput = z.strictObject({
  name: text(200).refine((name) => slugify(name).length > 0, "must contain a letter or digit"),
  role: z.enum(PARTY_ROLES),
  kind: z.enum(PARTY_KINDS).optional(),
});
export type PartyInput = z.output<typeof partyInput>;
/** A party as recorded: canonical name and slug from the registry, and the name as written when it differed. */
export type Party = PartyInput & { slug: string; writtenAs?: string };

export const sourceSchema = z.strictObject({
  url: z
    .string()
    .max(2048)
    .check(oneLine)
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
      } catch {
        return false;
      }
    }, "must be an http(s) URL"),
  publisher: text(200).optional(),
  title: text(500).optional(),
  publishedOn: isoDate.optional(),
  language: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/, "must be a BCP 47 language tag such as ko or en-US")
    .max(35)
    .optional(),
  excerpt: text(1000, lines).optional(),
  /** The figure this source states, in the shape of `amount`: kept beside the record's, never merged away. */
  figure: amountInput.optional(),
});
export type Source = z.output<typeof sourceSchema>;

/** A source as recorded: read without the input's checks, so that records written under older rules stay readable. */
const recordedSource = z.object({
  url: z.string(),
  publisher: z.string().optional(),
  title: z.string().optional(),
  publishedOn: z.string().optional(),
  language: z.string().optional(),
  excerpt: z.string().optional(),
  figure: amountSchema.optional(),
});

export const periodSchema = z
  .strictObject({ start: yearOrDate, end: yearOrDate })
  .refine((period) => periodStartDate(period.start) <= periodEndDate(period.end), {
    message: "start must not be after end",
    path: ["end"],
    ...afterFields,
  });

export const locationSchema = z.strictObject({
  country: countryCode,
  region: text(100).optional(),
  site: text(200).optional(),
});

export const capacitySchema = z.strictObject({
  powerMw: z.number().positive().max(1_000_000).optional(),
  accelerators: z
    .array(
      z.strictObject({
        model: text(100),
        count: z.number().int().positive().max(100_000_000),
      }),
    )
    .max(20)
    .optional(),
});

const tagSchema = text(50);

/** The fields a client may write, before server defaults; shared by create and by the merge-patch result. */
const commitmentFields = {
  title: text(200),
  description: z.string().max(4000).check(lines).optional(),
  announcedOn: isoDate,
  announcedOnPrecision: z.enum(PRECISIONS).default("day"),
  parties: z.array(partyInput).min(1).max(50),
  amount: amountInput.optional(),
  period: periodSchema.optional(),
  categories: z
    .array(z.enum(CATEGORIES))
    .min(1)
    .max(CATEGORIES.length)
    .refine((list) => new Set(list).size === list.length, "must not repeat a category"),
  location: locationSchema,
  capacity: capacitySchema.optional(),
  status: z.enum(STATUSES).default("announced"),
  confidence: z.enum(CONFIDENCES),
  parentId: commitmentId.optional(),
  sources: z
    .array(sourceSchema)
    .min(1, "at least one source is required: no figure without a source")
    .max(20),
  tags: z.array(tagSchema).max(20).optional(),
};

function checkPrecision(value: { announcedOn: string; announcedOnPrecision: string }, ctx: z.RefinementCtx) {
  const [, month, day] = value.announcedOn.split("-");
  const ok =
    value.announcedOnPrecision === "day" ||
    (value.announcedOnPrecision === "month" && day === "01") ||
    (value.announcedOnPrecision === "quarter" &&
      day === "01" &&
      ["01", "04", "07", "10"].includes(month ?? "")) ||
    (value.announcedOnPrecision === "year" && day === "01" && month === "01");
  if (!ok)
    ctx.addIssue({
      code: "custom",
      path: ["announcedOn"],
      message: `a ${value.announcedOnPrecision}-precision date is the first day of its ${value.announcedOnPrecision}`,
    });
}

export const commitmentInput = z
  .strictObject(commitmentFields)
  .superRefine(checkPrecision, afterFields)
  .meta({ id: "CommitmentInput" });
export type CommitmentInput = z.output<typeof commitmentInput>;

/** A JSON merge patch body: any subset of the writable fields; `null` removes an optional field. */
export const commitmentPatch = z
  .strictObject({
    title: z.unknown().optional(),
    description: z.unknown().optional(),
    announcedOn: z.unknown().optional(),
    announcedOnPrecision: z.unknown().optional(),
    parties: z.unknown().optional(),
    amount: z.unknown().optional(),
    period: z.unknown().optional(),
    categories: z.unknown().optional(),
    location: z.unknown().optional(),
    capacity: z.unknown().optional(),
    status: z.unknown().optional(),
    confidence: z.unknown().optional(),
    parentId: z.unknown().optional(),
    sources: z.unknown().optional(),
    tags: z.unknown().optional(),
  })
  .meta({ id: "CommitmentPatch", description: "JSON merge patch (RFC 7386) of the writable fields" });
export type CommitmentPatch = z.output<typeof commitmentPatch>;

/** What a rate is: a central bank's reference rate, a market rate, or one derived from a source's own figures. */
export const FX_RATE_KINDS = ["official", "market", "implied"] as const;

export const fxRateUsed = z
  .object({
    currency: z.string(),
    date: z.string().nullable(),
    unitsPerUsd: decimalString().optional(),
    usdPerUnit: decimalString().optional(),
    kind: z.enum(FX_RATE_KINDS).nullable(),
    source: z.string().nullable(),
    version: z.number().int().nullable(),
  })
  .meta({
    id: "FxRateUsed",
    description:
      "The exchange rate a conversion used, as recorded (unitsPerUsd or usdPerUnit, whichever was given), with its date, kind, source and version. For USD amounts the rate is 1 and date, kind, source and version are null; kind and version are also null for a conversion made before rates had them.",
  });
export type FxRateUsed = z.output<typeof fxRateUsed>;

export const amountUsdSchema = z
  .object({ low: decimalString(), high: decimalString(), rate: fxRateUsed, stale: z.boolean() })
  .meta({
    id: "AmountUsd",
    description:
      "The amount in whole US dollars (decimal strings), converted with the latest rate on or before announcedOn. Conversion is exact decimal arithmetic; low and high are each rounded once, at the end, half away from zero to whole dollars. stale is true when the rate is dated more than 31 days before announcedOn.",
  });
export type AmountUsd = z.output<typeof amountUsdSchema>;

/** The stored and returned record. */
export const commitmentSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().optional(),
    announcedOn: z.string(),
    announcedOnPrecision: z.enum(PRECISIONS),
    parties: z.array(
      z.object({
        name: z.string(),
        role: z.enum(PARTY_ROLES),
        kind: z.enum(PARTY_KINDS).optional(),
        slug: z.string(),
        writtenAs: z
          .string()
          .optional()
          .describe("the name as written, when the party registry resolved it to another (canonical) name"),
      }),
    ),
    amount: amountSchema.optional(),
    amountUsd: amountUsdSchema.nullable(),
    period: z.object({ start: z.string(), end: z.string() }).optional(),
    categories: z.array(z.enum(CATEGORIES)),
    location: z.object({ country: z.string(), region: z.string().optional(), site: z.string().optional() }),
    capacity: capacitySchema.optional(),
    status: z.enum(STATUSES),
    confidence: z.enum(CONFIDENCES),
    parentId: z.string().optional(),
    sources: z.array(recordedSource),
    /** Two sources state different figures, or a source's figure differs from `amount` (the editors' choice). */
    sourcesDisagree: z.boolean().default(false),
    tags: z.array(z.string()).optional(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Commitment" });
export type Commitment = z.output<typeof commitmentSchema>;

/** The client-writable part of a stored record, in input shape: what a merge patch applies to. */
export function writableFields(record: Commitment): Record<string, unknown> {
  const { id, amountUsd, sourcesDisagree, version, createdAt, updatedAt, ...fields } = record;
  return {
    ...fields,
    parties: record.parties.map(({ slug, writtenAs, ...party }) => ({
      ...party,
      name: writtenAs ?? party.name,
    })),
  };
}

/** Adds the server-derived slug to each party. */
export function withSlugs(parties: PartyInput[]): Party[] {
  return parties.map((party) => ({ ...party, slug: slugify(party.name) }));
}

export const revisionSchema = z
  .object({
    version: z.number().int(),
    at: z.string(),
    change: z.enum(["created", "updated", "source-added", "deleted"]),
    fields: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
    note: z.string().optional(),
    source: recordedSource.optional(),
  })
  .meta({ id: "Revision" });
export type Revision = z.output<typeof revisionSchema>;
