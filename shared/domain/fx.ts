/** Exchange rates as data with provenance (SPEC 4.3), and exact conversion to USD. */
import { z } from "zod";
import type { Amount, AmountUsd, FxRateUsed } from "../commitments/schema.ts";
import { currencyCode, isoDate } from "../commitments/schema.ts";
import {
  canonicalDecimal,
  compareDecimal,
  divideRounded,
  isPositiveDecimal,
  multiplyRounded,
} from "./decimal.ts";

/**
 * Bounds on a rate: wide enough for every currency in use (a US dollar buys from 0.3 dinar to tens of thousands of
 * rial), narrow enough that any amount converts to a figure that fits the USD sort keys (< 10^24).
 */
const rate = (low: string, high: string) =>
  z
    .string({ error: 'must be a decimal string such as "1440" (numbers are not accepted for rates)' })
    .max(40)
    .refine(isPositiveDecimal, 'must be a positive decimal string such as "1440" or "0.000694"')
    .refine((value) => (value.split(".")[1] ?? "").length <= 12, "must have at most 12 decimal places")
    .transform(canonicalDecimal)
    .pipe(z.string())
    .refine(
      (value) => compareDecimal(value, low) >= 0 && compareDecimal(value, high) <= 0,
      `must be between ${low} and ${high}`,
    );

export const fxRateInput = z
  .strictObject({
    unitsPerUsd: rate("0.0001", "1000000000").optional(),
    usdPerUnit: rate("0.000000001", "10000").optional(),
    source: z
      .string()
      .min(1)
      .max(500)
      .refine((value) => value.trim().length > 0, "must not be blank"),
  })
  .refine((rate) => (rate.unitsPerUsd === undefined) !== (rate.usdPerUnit === undefined), {
    message: "give exactly one of unitsPerUsd and usdPerUnit",
    path: ["unitsPerUsd"],
  })
  .meta({ id: "FxRateInput" });
export type FxRateInput = z.output<typeof fxRateInput>;

export const fxRateParams = z.strictObject({
  currency: currencyCode.refine((code) => code !== "USD", "USD is the base currency; its rate is always 1"),
  date: isoDate,
});

export const fxRateSchema = z
  .object({
    currency: z.string(),
    date: z.string(),
    unitsPerUsd: z.string().optional(),
    usdPerUnit: z.string().optional(),
    source: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: "FxRate" });
export type FxRate = z.output<typeof fxRateSchema>;

export const fxRateQuery = z.strictObject({
  currency: currencyCode.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  cursor: z.string().max(2000).optional(),
});

const USD_RATE: FxRateUsed = { currency: "USD", date: null, unitsPerUsd: "1", source: null };

function convert(value: string, rate: FxRateUsed): string {
  if (rate.unitsPerUsd !== undefined) return divideRounded(value, rate.unitsPerUsd);
  if (rate.usdPerUnit !== undefined) return multiplyRounded(value, rate.usdPerUnit);
  throw new RangeError("a rate has unitsPerUsd or usdPerUnit");
}

/** The rate as shown on a converted record. */
export function rateUsed(rate: FxRate): FxRateUsed {
  const { currency, date, unitsPerUsd, usdPerUnit, source } = rate;
  return {
    currency,
    date,
    source,
    ...(unitsPerUsd !== undefined ? { unitsPerUsd } : {}),
    ...(usdPerUnit !== undefined ? { usdPerUnit } : {}),
  };
}

/**
 * USD figures for an amount: whole dollars, rounded half-up at the end. `null` when the currency has no rate
 * in force (the record is then "unconverted"; no rate is ever guessed).
 */
export function toUsd(amount: Amount | undefined, rate: FxRate | undefined): AmountUsd | null {
  if (!amount) return null;
  const used = amount.currency === "USD" ? USD_RATE : rate ? rateUsed(rate) : undefined;
  if (!used) return null;
  return { low: convert(amount.low, used), high: convert(amount.high, used), rate: used };
}
