/**
 * The commitment record (SPEC 2) as zod schemas. Types are inferred from these, the HTTP layer validates with
 * them and the OpenAPI document is generated from them: one source for each fact.
 */

import { isCalendarDate, periodEndDate, periodStartDate } from "../domain/dates.ts";
import { slugify } from "../domain/slug.ts";
import { afterFields, lines, oneLine } from "../domain/validation.ts";
import * as z from "../zod.ts";
import { amountInput, amountSchema, amountUsdSchema } from "./money.ts";
import {
  CATEGORIES,
  CONFIDENCES,
  commitmentId,
  countryCode,
  isoDate,
  PARTY_KINDS,
  PARTY_ROLES,
  PRECISIONS,
  STATUSES,
} from "./vocabulary.ts";

export * from "./money.ts";
export * from "./vocabulary.ts";

const yearOrDate = z.string().check(
  z.regex(/^\d{4}(-\d{2}-\d{2})?$/, "must be a year YYYY or a date YYYY-MM-DD"),
  z.refine((value) => value.length === 4 || isCalendarDate(value), "must be a real calendar date"),
);

/** Text on one line unless `check` is `lines`; never blank. */
const text = (max: number, check = oneLine) =>
  z.string().check(
    z.maxLength(max),
    check,
    z.refine((value) => value.trim().length > 0, "must not be blank"),
  );

export const partyInput = z.strictObject({
  name: text(200).check(z.refine((name) => slugify(name).length > 0, "must contain a letter or digit")),
  role: z.enum(PARTY_ROLES),
  kind: z.optional(z.enum(PARTY_KINDS)),
});
export type PartyInput = z.output<typeof partyInput>;
/** A party as recorded: canonical name and slug from the registry, and the name as written when it differed. */
export type Party = PartyInput & { slug: string; writtenAs?: string };

/** A source's address: an http(s) URL on one line. */
export const sourceUrl = z.string().check(
  z.maxLength(2048),
  oneLine,
  z.refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
    } catch {
      return false;
    }
  }, "must be an http(s) URL"),
);

export const sourceSchema = z.strictObject({
  url: sourceUrl,
  publisher: z.optional(text(200)),
  title: z.optional(text(500)),
  publishedOn: z.optional(isoDate),
  language: z.optional(
    z
      .string()
      .check(
        z.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/, "must be a BCP 47 language tag such as ko or en-US"),
        z.maxLength(35),
      ),
  ),
  excerpt: z.optional(text(1000, lines)),
  /** The figure this source states, in the shape of `amount`: kept beside the record's, never merged away. */
  figure: z.optional(amountInput),
});
export type Source = z.output<typeof sourceSchema>;

/** A source as recorded: read without the input's checks, so that records written under older rules stay readable. */
const recordedSource = z.object({
  url: z.string(),
  publisher: z.optional(z.string()),
  title: z.optional(z.string()),
  publishedOn: z.optional(z.string()),
  language: z.optional(z.string()),
  excerpt: z.optional(z.string()),
  figure: z.optional(amountSchema),
});

export const periodSchema = z.strictObject({ start: yearOrDate, end: yearOrDate }).check(
  z.refine((period) => periodStartDate(period.start) <= periodEndDate(period.end), {
    message: "start must not be after end",
    path: ["end"],
    ...afterFields,
  }),
);

export const locationSchema = z.strictObject({
  country: countryCode,
  region: z.optional(text(100)),
  site: z.optional(text(200)),
});

export const capacitySchema = z.strictObject({
  // 1 kW and up: DynamoDB stores no number smaller than 1e-130, and no site draws less.
  powerMw: z.optional(z.number().check(z.gte(0.001, "must be at least 0.001 MW (1 kW)"), z.lte(1_000_000))),
  accelerators: z.optional(
    z
      .array(
        z.strictObject({
          model: text(100),
          count: z.number().check(z.int(), z.positive(), z.lte(100_000_000)),
        }),
      )
      .check(z.maxLength(20)),
  ),
});

const tagSchema = text(50);

/** The fields a client may write, before server defaults; shared by create and by the merge-patch result. */
const commitmentFields = {
  title: text(200),
  description: z.optional(z.string().check(z.maxLength(4000), lines)),
  announcedOn: isoDate,
  announcedOnPrecision: z._default(z.enum(PRECISIONS), "day"),
  parties: z.array(partyInput).check(z.minLength(1), z.maxLength(50)),
  amount: z.optional(amountInput),
  period: z.optional(periodSchema),
  categories: z.array(z.enum(CATEGORIES)).check(
    z.minLength(1),
    z.maxLength(CATEGORIES.length),
    z.refine((list) => new Set(list).size === list.length, "must not repeat a category"),
  ),
  location: locationSchema,
  capacity: z.optional(capacitySchema),
  status: z._default(z.enum(STATUSES), "announced"),
  confidence: z.enum(CONFIDENCES),
  parentId: z.optional(commitmentId),
  sources: z.array(sourceSchema).check(
    z.minLength(1, "at least one source is required: no figure without a source"),
    z.maxLength(20),
    // As attaching one already there is a 409 (addSource); checked once every source is one.
    z.refine((list) => new Set(list.map((source) => source.url)).size === list.length, {
      message: "must not repeat a source's url",
      ...afterFields,
    }),
  ),
  tags: z.optional(z.array(tagSchema).check(z.maxLength(20))),
};

function checkPrecision(
  value: { announcedOn: string; announcedOnPrecision: string },
  ctx: z.core.$RefinementCtx,
) {
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

/**
 * The most a commitment may hold, as UTF-8 JSON. A change stores it several times over: its list entries carry
 * copies (~30 for a record with many parties and categories, in one transaction of at most 4 MB), its revision
 * keeps each changed field before and after, as does a webhook delivery (items of at most 400 KB), and a listing
 * page of 100 must fit a 6 MB Lambda response. Real commitments are 1–5 KB; the per-field limits alone would let
 * one reach ~180 KB.
 */
export const MAX_COMMITMENT_BYTES = 32_000;

function checkSize(value: unknown, ctx: z.core.$RefinementCtx) {
  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  if (bytes > MAX_COMMITMENT_BYTES)
    ctx.addIssue({
      code: "custom",
      path: [],
      message: `the commitment is ${Math.ceil(bytes / 1000)} KB as JSON, more than the ${MAX_COMMITMENT_BYTES / 1000} KB a record may hold (each change stores it several times over): shorten the description or the sources' excerpts and titles, or cite fewer sources`,
    });
}

export const commitmentInput = z
  .strictObject(commitmentFields)
  .check(z.superRefine(checkPrecision, afterFields), z.superRefine(checkSize, afterFields))
  .register(z.globalRegistry, { id: "CommitmentInput" });
export type CommitmentInput = z.output<typeof commitmentInput>;

/** A JSON merge patch body: any subset of the writable fields; `null` removes an optional field. */
export const commitmentPatch = z
  .strictObject({
    title: z.optional(z.unknown()),
    description: z.optional(z.unknown()),
    announcedOn: z.optional(z.unknown()),
    announcedOnPrecision: z.optional(z.unknown()),
    parties: z.optional(z.unknown()),
    amount: z.optional(z.unknown()),
    period: z.optional(z.unknown()),
    categories: z.optional(z.unknown()),
    location: z.optional(z.unknown()),
    capacity: z.optional(z.unknown()),
    status: z.optional(z.unknown()),
    confidence: z.optional(z.unknown()),
    parentId: z.optional(z.unknown()),
    sources: z.optional(z.unknown()),
    tags: z.optional(z.unknown()),
  })
  .register(z.globalRegistry, {
    id: "CommitmentPatch",
    description: "JSON merge patch (RFC 7386) of the writable fields",
  });
export type CommitmentPatch = z.output<typeof commitmentPatch>;

/** The stored and returned record. */
export const commitmentSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.optional(z.string()),
    announcedOn: z.string(),
    announcedOnPrecision: z.enum(PRECISIONS),
    parties: z.array(
      z.object({
        name: z.string(),
        role: z.enum(PARTY_ROLES),
        kind: z.optional(z.enum(PARTY_KINDS)),
        slug: z.string(),
        writtenAs: z.optional(z.string()).register(z.globalRegistry, {
          description: "the name as written, when the party registry resolved it to another (canonical) name",
        }),
      }),
    ),
    amount: z.optional(amountSchema),
    amountUsd: z.nullable(amountUsdSchema),
    period: z.optional(z.object({ start: z.string(), end: z.string() })),
    categories: z.array(z.enum(CATEGORIES)),
    location: z.object({
      country: z.string(),
      region: z.optional(z.string()),
      site: z.optional(z.string()),
    }),
    // As stored: a record written under looser limits than today's input still reads.
    capacity: z.optional(
      z.object({
        powerMw: z.optional(z.number()),
        accelerators: z.optional(z.array(z.object({ model: z.string(), count: z.number() }))),
      }),
    ),
    status: z.enum(STATUSES),
    confidence: z.enum(CONFIDENCES),
    parentId: z.optional(z.string()),
    sources: z.array(recordedSource),
    /** Two sources state different figures, or a source's figure differs from `amount` (the editors' choice). */
    sourcesDisagree: z._default(z.boolean(), false),
    tags: z.optional(z.array(z.string())),
    version: z.number().check(z.int()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .register(z.globalRegistry, { id: "Commitment" });
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
    version: z.number().check(z.int()),
    at: z.string(),
    change: z.enum(["created", "updated", "source-added", "deleted"]),
    fields: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
    note: z.optional(z.string()),
    source: z.optional(recordedSource),
  })
  .register(z.globalRegistry, { id: "Revision" });
export type Revision = z.output<typeof revisionSchema>;
