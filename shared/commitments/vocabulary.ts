/**
 * The commitment record's word lists and field formats (SPEC 2): what the totals, summaries, parties and webhook
 * filters share with the record, without its object schemas (schema.ts), so that a module naming a category or
 * checking a country code does not bundle every schema of a commitment.
 */

import { COUNTRY_CODES } from "../domain/codes.ts";
import { isCalendarDate } from "../domain/dates.ts";
import * as z from "../zod.ts";

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

export const COMMITMENT_ID = /^cmt_[0-9A-HJKMNP-TV-Z]{26}$/;
export const commitmentId = z.string().check(z.regex(COMMITMENT_ID, "must be a commitment id (cmt_ + ULID)"));

export const isoDate = z
  .string()
  .check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD"),
    z.refine(isCalendarDate, "must be a real calendar date"),
  );

export const countryCode = z.string().check(
  z.regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as KR, or XX"),
  z.refine((code) => COUNTRY_CODES.has(code), "is not an ISO 3166-1 alpha-2 country code"),
);
