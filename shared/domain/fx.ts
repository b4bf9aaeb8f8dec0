/** Exchange rates as data with provenance (SPEC 4.3), and exact conversion to USD. */

import {
  type Amount,
  type AmountUsd,
  currencyCode,
  FX_RATE_KINDS,
  type FxRateUsed,
} from "../commitments/money.ts";
import { isoDate } from "../commitments/vocabulary.ts";
import * as z from "../zod.ts";
import {
  canonicalDecimal,
  compareDecimal,
  divideRounded,
  isPositiveDecimal,
  multiplyRounded,
} from "./decimal.ts";
import { decimalString, oneLine, wholeNumberParam } from "./validation.ts";

/** A conversion is stale when its rate is dated more than this many days before the announcement. */
export const STALE_AFTER_DAYS = 31;

const ROUNDING =
  "Conversion is exact decimal arithmetic, rounded once per figure (low and high each), half away from zero, to whole US dollars.";

/**
 * Bounds on a rate: wide enough for every currency in use (a US dollar buys from 0.3 dinar to tens of thousands of
 * rial), narrow enough that any amount converts to a figure that fits the USD sort keys (< 10^24).
 */
const rate = (low: string, high: string) =>
  z
    .pipe(
      z.pipe(
        z
          .string({ error: 'must be a decimal string such as "1440" (numbers are not accepted for rates)' })
          .check(
            z.maxLength(40),
            z.refine(isPositiveDecimal, 'must be a positive decimal string such as "1440" or "0.000694"'),
            z.refine(
              (value) => (value.split(".")[1] ?? "").length <= 12,
              "must have at most 12 decimal places",
            ),
          ),
        z.transform(canonicalDecimal),
      ),
      z.string(),
    )
    .check(
      z.refine(
        (value) => compareDecimal(value, low) >= 0 && compareDecimal(value, high) <= 0,
        `must be between ${low} and ${high}`,
      ),
    );

const kindDescription =
  "official: a central bank's reference rate; market: a market rate; implied: derived from figures a source gives in two currencies";

export const fxRateInput = z
  .strictObject({
    unitsPerUsd: z.optional(rate("0.0001", "1000000000")),
    usdPerUnit: z.optional(rate("0.000000001", "10000")),
    kind: z.enum(FX_RATE_KINDS).register(z.globalRegistry, { description: kindDescription }),
    source: z.string().check(
      z.minLength(1),
      z.maxLength(500),
      oneLine,
      z.refine((value) => value.trim().length > 0, "must not be blank"),
    ),
  })
  .check(
    z.refine((rate) => (rate.unitsPerUsd === undefined) !== (rate.usdPerUnit === undefined), {
      message: "give exactly one of unitsPerUsd and usdPerUnit",
      path: ["unitsPerUsd"],
    }),
  )
  .register(z.globalRegistry, {
    id: "FxRateInput",
    description: `A rate from its date on: exactly one of unitsPerUsd and usdPerUnit, kept as given. A rate that differs from the one in force (value, kind or source) becomes a new version; the same rate again changes nothing. ${ROUNDING}`,
  });
export type FxRateInput = z.output<typeof fxRateInput>;

export const fxRateParams = z.strictObject({
  currency: currencyCode.check(
    z.refine((code) => code !== "USD", "USD is the base currency; its rate is always 1"),
  ),
  date: isoDate,
});

export const fxRateSchema = z
  .object({
    currency: z.string(),
    date: z.string(),
    unitsPerUsd: z.optional(decimalString()),
    usdPerUnit: z.optional(decimalString()),
    kind: z.nullable(z.enum(FX_RATE_KINDS)).register(z.globalRegistry, {
      description: `${kindDescription}; null for a rate recorded before rates had a kind`,
    }),
    source: z.string(),
    version: z.number().check(z.int()).register(z.globalRegistry, {
      description: "1 for the first rate of the date, one more for each change",
    }),
    recordedBy: z.nullable(z.string()).register(z.globalRegistry, {
      description: "the API key that set this version (admin for the bootstrap key); null when unknown",
    }),
    recordedAt: z.string(),
  })
  .register(z.globalRegistry, { id: "FxRate" });
export type FxRate = z.output<typeof fxRateSchema>;

export const fxRateWithHistory = z
  .extend(fxRateSchema, {
    history: z
      .array(fxRateSchema)
      .register(z.globalRegistry, { description: "every version of the rate, the current one first" }),
  })
  .register(z.globalRegistry, { id: "FxRateWithHistory" });
export type FxRateWithHistory = z.output<typeof fxRateWithHistory>;

export const fxRateQuery = z.strictObject({
  currency: z.optional(currencyCode),
  limit: z._default(wholeNumberParam(1, 100), 100),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

const USD_RATE: FxRateUsed = {
  currency: "USD",
  date: null,
  unitsPerUsd: "1",
  kind: null,
  source: null,
  version: null,
};

/** The rate as given: `{ unitsPerUsd }` or `{ usdPerUnit }`. */
export function rateValue(
  rate: Pick<FxRate, "unitsPerUsd" | "usdPerUnit">,
): { unitsPerUsd: string } | { usdPerUnit: string } {
  if (rate.unitsPerUsd !== undefined) return { unitsPerUsd: rate.unitsPerUsd };
  if (rate.usdPerUnit !== undefined) return { usdPerUnit: rate.usdPerUnit };
  throw new RangeError("a rate has unitsPerUsd or usdPerUnit");
}

function convert(value: string, rate: Pick<FxRateUsed, "unitsPerUsd" | "usdPerUnit">): string {
  const given = rateValue(rate);
  return "unitsPerUsd" in given
    ? divideRounded(value, given.unitsPerUsd)
    : multiplyRounded(value, given.usdPerUnit);
}

/** The rate as shown on a converted record. */
export function rateUsed(rate: FxRate): FxRateUsed {
  const { currency, date, kind, source, version } = rate;
  return { currency, date, ...rateValue(rate), kind, source, version };
}

const DAY_MS = 86_400_000;

/** Whether a rate of `rateDate` is too old for an announcement of `announcedOn` (null: the USD identity). */
export function isStale(rateDate: string | null, announcedOn: string): boolean {
  if (rateDate === null) return false;
  return (Date.parse(announcedOn) - Date.parse(rateDate)) / DAY_MS > STALE_AFTER_DAYS;
}

/**
 * USD figures for an amount announced on `announcedOn`: whole dollars, each figure rounded once, half away from
 * zero. `null` when the currency has no rate in force (the record is then "unconverted"; no rate is ever guessed).
 */
export function toUsd(
  amount: Amount | undefined,
  rate: FxRate | undefined,
  announcedOn: string,
): AmountUsd | null {
  if (!amount) return null;
  const used = amount.currency === "USD" ? USD_RATE : rate ? rateUsed(rate) : undefined;
  if (!used) return null;
  return {
    low: convert(amount.low, used),
    high: convert(amount.high, used),
    rate: used,
    stale: isStale(used.date, announcedOn),
  };
}

/** Whether a PUT repeats the version in force: the same rate given the same way, kind and source. */
export function sameRate(current: FxRate, input: FxRateInput): boolean {
  return (
    current.unitsPerUsd === input.unitsPerUsd &&
    current.usdPerUnit === input.usdPerUnit &&
    current.kind === input.kind &&
    current.source === input.source
  );
}

/** The note of a re-conversion's revision, naming the version used: "re-converted with KRW 2025-01-22 version 2: 1450 KRW per USD (market)". */
export function reconversionNote(
  rate: Pick<FxRateUsed, "currency" | "date" | "unitsPerUsd" | "usdPerUnit" | "kind" | "version">,
): string {
  const value =
    rate.unitsPerUsd !== undefined
      ? `${rate.unitsPerUsd} ${rate.currency} per USD`
      : `${rate.usdPerUnit} USD per ${rate.currency}`;
  return `re-converted with ${rate.currency} ${rate.date} version ${rate.version}: ${value} (${rate.kind ?? "kind not recorded"})`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A conversion as stored before rates had kinds and versions and conversions a stale flag: staleness is derived
 * from the rate's date, kind and version are shown as unknown (null), never invented. Anything else is returned as is.
 */
export function storedConversion(value: unknown, announcedOn: string): unknown {
  if (!isObject(value) || "stale" in value || !isObject(value.rate)) return value;
  const rate = value.rate;
  return {
    ...value,
    rate: { kind: null, version: null, ...rate },
    stale: isStale(typeof rate.date === "string" ? rate.date : null, announcedOn),
  };
}
