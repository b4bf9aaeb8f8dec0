/** The filters, sort and page of GET /commitments (SPEC 3.2), shared by totals and parties. */
import { z } from "zod";
import { isDecimal } from "../domain/decimal.ts";
import { afterFields } from "../domain/validation.ts";
import { CATEGORIES, CONFIDENCES, countryCode, isoDate, STATUSES } from "./schema.ts";

/** Digits of a USD sort key (padWhole's width): a bound with more could never be compared. */
const MAX_USD_DIGITS = 24;

const wholeUsd = z
  .string()
  .max(MAX_USD_DIGITS, `must be below 10^${MAX_USD_DIGITS}`)
  .refine((value) => isDecimal(value) && !value.includes("."), "must be a whole number of US dollars");

export const SORTS = ["announcedOn", "-announcedOn", "amountUsd", "-amountUsd"] as const;

export const listFilters = {
  party: z.string().min(1).max(100).optional(),
  country: countryCode.optional(),
  category: z.enum(CATEGORIES).optional(),
  status: z.enum(STATUSES).optional(),
  confidence: z.enum(CONFIDENCES).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  minUsd: wholeUsd.optional(),
  maxUsd: wholeUsd.optional(),
  q: z.string().min(1).max(200).optional(),
};

export const listQuery = z
  .strictObject({
    ...listFilters,
    sort: z.enum(SORTS).default("-announcedOn"),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(2000).optional(),
    format: z.enum(["json", "csv", "jsonl"]).optional(),
  })
  .refine((query) => !(query.from && query.to && query.from > query.to), {
    message: "from must not be after to",
    path: ["to"],
    ...afterFields,
  })
  .refine((query) => !(query.minUsd && query.maxUsd && BigInt(query.minUsd) > BigInt(query.maxUsd)), {
    message: "minUsd must not exceed maxUsd",
    path: ["maxUsd"],
    ...afterFields,
  });
export type ListQuery = z.output<typeof listQuery>;
export type ListFilters = Omit<ListQuery, "sort" | "limit" | "cursor" | "format">;
