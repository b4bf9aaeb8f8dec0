/** The filters, sort and page of GET /commitments (SPEC 3.2), shared by totals and parties. */

import { isDecimal } from "../domain/decimal.ts";
import { afterFields, wholeNumberParam } from "../domain/validation.ts";
import * as z from "../zod.ts";
import { CATEGORIES, CONFIDENCES, countryCode, isoDate, STATUSES } from "./schema.ts";

/** Digits of a USD sort key (padWhole's width): a bound with more could never be compared. */
const MAX_USD_DIGITS = 24;

const wholeUsd = z.string().check(
  z.maxLength(MAX_USD_DIGITS, `must be below 10^${MAX_USD_DIGITS}`),
  z.refine((value) => isDecimal(value) && !value.includes("."), "must be a whole number of US dollars"),
);

export const SORTS = ["announcedOn", "-announcedOn", "amountUsd", "-amountUsd"] as const;

export const listFilters = {
  party: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  country: z.optional(countryCode),
  category: z.optional(z.enum(CATEGORIES)),
  status: z.optional(z.enum(STATUSES)),
  confidence: z.optional(z.enum(CONFIDENCES)),
  from: z.optional(isoDate),
  to: z.optional(isoDate),
  minUsd: z.optional(wholeUsd),
  maxUsd: z.optional(wholeUsd),
  q: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
};

export const listQuery = z
  .strictObject({
    ...listFilters,
    sort: z._default(z.enum(SORTS), "-announcedOn"),
    limit: z._default(wholeNumberParam(1, 100), 25),
    cursor: z.optional(z.string().check(z.maxLength(2000))),
    format: z.optional(z.enum(["json", "csv", "jsonl"])),
  })
  .check(
    z.refine((query) => !(query.from && query.to && query.from > query.to), {
      message: "from must not be after to",
      path: ["to"],
      ...afterFields,
    }),
    z.refine((query) => !(query.minUsd && query.maxUsd && BigInt(query.minUsd) > BigInt(query.maxUsd)), {
      message: "minUsd must not exceed maxUsd",
      path: ["maxUsd"],
      ...afterFields,
    }),
  );
export type ListQuery = z.output<typeof listQuery>;
export type ListFilters = Omit<ListQuery, "sort" | "limit" | "cursor" | "format">;
