/** Rules every input schema follows, whatever it validates. */
import * as z from "../zod.ts";
import { DECIMAL_PATTERN } from "./decimal.ts";

/**
 * Params for a check that reads more than one field: it runs only when every field passed its own checks. zod 4
 * runs an object's refinements even after a field's refinement failed (such issues let parsing go on), handing
 * them the raw value ("abc" where a decimal belongs), so a cross-field check would read what was refused.
 */
export const afterFields = { when: (payload: z.core.ParsePayload) => payload.issues.length === 0 };

/**
 * A decimal string as the API sends money (digits, an optional fraction; no sign, exponent or number): the
 * pattern is shown in the OpenAPI document and checked by the tests that hold responses to it.
 */
export const decimalString = (description?: string) =>
  z.string().register(z.globalRegistry, {
    pattern: DECIMAL_PATTERN.source,
    ...(description ? { description } : {}),
  });

/** Any control character (C0, DEL, C1) or a lone surrogate (JSON's "\ud800" escapes one in). */
const UNPRINTABLE = /[\p{Cc}\p{Cs}]/u;
/** The same, except tabs and line breaks (\n, or \r\n: a lone \r restructures text rendered line by line). */
const UNPRINTABLE_BETWEEN_LINES = /\r(?!\n)|(?![\t\n\r])[\p{Cc}\p{Cs}]/u;

/** A check for text on one line (a title, a name, a tag): no control characters at all. */
export const oneLine = z.refine<string>(
  (value) => !UNPRINTABLE.test(value),
  "must not contain control characters (tabs, line breaks, U+0000–U+001F, U+007F–U+009F) or lone surrogates",
);

/** A check for text that may run over lines (a description, an excerpt): tabs and line breaks only. */
export const lines = z.refine<string>(
  (value) => !UNPRINTABLE_BETWEEN_LINES.test(value),
  "must not contain control characters other than tabs and line breaks (\\n or \\r\\n), nor lone surrogates",
);

/**
 * A whole number in a query string, from `min` to `max`: digits only, so "", " 5", "1e1" and "0x10" are refused
 * rather than read as 0, 5, 10 and 16 the way a coercion would.
 */
export const wholeNumberParam = (min: number, max: number) =>
  z.pipe(
    z.pipe(
      z.string().check(z.regex(/^\d{1,10}$/, "must be a whole number, in digits")),
      z.transform((value) => Number(value)),
    ),
    z.number().check(z.gte(min), z.lte(max)),
  );
