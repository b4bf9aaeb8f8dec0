/**
 * Money in a commitment record: amounts as announced (decimal strings, a currency and a qualifier, never a float)
 * and their US-dollar conversion with the rate it used. Re-exported by schema.ts, the record's schemas.
 */
import { CURRENCY_CODES } from "../domain/codes.ts";
import {
  canonicalDecimal,
  compareDecimal,
  DECIMAL_PATTERN,
  integerDigits,
  isPositiveDecimal,
} from "../domain/decimal.ts";
import { afterFields, decimalString } from "../domain/validation.ts";
import * as z from "../zod.ts";

export const QUALIFIERS = ["exact", "approximately", "at-least", "up-to", "range"] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

/** Largest amount accepted, in integer digits of major units (10^18: far above any real commitment). */
const MAX_INTEGER_DIGITS = 18;
const MAX_FRACTION_DIGITS = 6;

export const decimalAmount = z.pipe(
  z.pipe(
    z
      .string({
        error: 'must be a decimal string such as "65000000000" (numbers are not accepted for money)',
      })
      .check(
        z.maxLength(40),
        z.refine(isPositiveDecimal, 'must be a positive decimal string such as "65000000000" or "1.5"'),
        z.refine(
          (value) => integerDigits(value) <= MAX_INTEGER_DIGITS,
          `must be below 10^${MAX_INTEGER_DIGITS}`,
        ),
        z.refine(
          (value) => (value.split(".")[1] ?? "").length <= MAX_FRACTION_DIGITS,
          `must have at most ${MAX_FRACTION_DIGITS} decimal places`,
        ),
      )
      .register(z.globalRegistry, { pattern: DECIMAL_PATTERN.source }),
    z.transform(canonicalDecimal),
  ),
  // Keeps the output a string in JSON Schema (a bare transform's output is unrepresentable: `{}` in OpenAPI).
  decimalString(),
);

export const currencyCode = z.string().check(
  z.regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD"),
  z.refine((code) => CURRENCY_CODES.has(code), "is not a known ISO 4217 currency"),
);

export const amountSchema = z.strictObject({
  currency: currencyCode,
  low: decimalAmount,
  high: decimalAmount,
  qualifier: z.enum(QUALIFIERS),
});
export type Amount = z.output<typeof amountSchema>;

/** Input may give `value` instead of `low`/`high`; either way the result is `{ currency, low, high, qualifier }`. */
export const amountInput = z.pipe(
  z
    .strictObject({
      currency: currencyCode,
      qualifier: z.enum(QUALIFIERS),
      value: z.optional(decimalAmount),
      low: z.optional(decimalAmount),
      high: z.optional(decimalAmount),
    })
    .check(
      z.superRefine((amount, ctx) => {
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
            ctx.addIssue({
              code: "custom",
              message: "only a range may have low < high",
              path: ["qualifier"],
            });
        }
      }, afterFields),
    ),
  z.transform(
    ({ currency, qualifier, value, low, high }): Amount => ({
      currency,
      low: (value ?? low) as string,
      high: (value ?? high) as string,
      qualifier,
    }),
  ),
);

/** What a rate is: a central bank's reference rate, a market rate, or one derived from a source's own figures. */
export const FX_RATE_KINDS = ["official", "market", "implied"] as const;

export const fxRateUsed = z
  .object({
    currency: z.string(),
    date: z.nullable(z.string()),
    unitsPerUsd: z.optional(decimalString()),
    usdPerUnit: z.optional(decimalString()),
    kind: z.nullable(z.enum(FX_RATE_KINDS)),
    source: z.nullable(z.string()),
    version: z.nullable(z.number().check(z.int())),
  })
  .register(z.globalRegistry, {
    id: "FxRateUsed",
    description:
      "The exchange rate a conversion used, as recorded (unitsPerUsd or usdPerUnit, whichever was given), with its date, kind, source and version. For USD amounts the rate is 1 and date, kind, source and version are null; kind and version are also null for a conversion made before rates had them.",
  });
export type FxRateUsed = z.output<typeof fxRateUsed>;

export const amountUsdSchema = z
  .object({ low: decimalString(), high: decimalString(), rate: fxRateUsed, stale: z.boolean() })
  .register(z.globalRegistry, {
    id: "AmountUsd",
    description:
      "The amount in whole US dollars (decimal strings), converted with the latest rate on or before announcedOn. Conversion is exact decimal arithmetic; low and high are each rounded once, at the end, half away from zero to whole dollars. stale is true when the rate is dated more than 31 days before announcedOn.",
  });
export type AmountUsd = z.output<typeof amountUsdSchema>;

/** What carries stated figures: a record, or its input. */
type Figures = { amount?: Amount | undefined; sources: readonly { figure?: Amount | undefined }[] };

/** The figures stated about a deal: the record's own and each source's. */
export function statedFigures(record: Figures): Amount[] {
  return [record.amount, ...record.sources.map((source) => source.figure)].filter(
    (figure): figure is Amount => figure !== undefined,
  );
}

/**
 * The currencies whose rates a record's stored figures were worked out with: its amount's (`amountUsd`) and, when
 * there are figures to compare, every stated figure's (`sourcesDisagree`); USD needs none. A new rate of any of
 * them re-converts the record, and a write checks that none changed since it read them.
 */
export function rateCurrencies(record: Figures): string[] {
  const figures = statedFigures(record);
  const used = figures.length < 2 ? (record.amount ? [record.amount] : []) : figures;
  return [...new Set(used.map((figure) => figure.currency))].filter((currency) => currency !== "USD");
}
