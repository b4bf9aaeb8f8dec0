/**
 * Building the stored record from validated input: ids, parties resolved through the registry, the USD conversion
 * with its rate, bookkeeping.
 */
import { ulid } from "ulid";
import type { Deps } from "../deps.ts";
import type { FxRate } from "../domain/fx.ts";
import { toUsd } from "../domain/fx.ts";
import { fieldErrorsFrom, ValidationError } from "../errors.ts";
import { type PartyResolver, resolveParties } from "../parties/resolve.ts";
import { epochCheck, findRate, ratesInForce, readEpochs } from "../store/fx-rates.ts";
import { lookUpOnce } from "../table/batch-get.ts";
import type { CommitmentPlan } from "./plan.ts";
import {
  type Amount,
  type Commitment,
  type CommitmentInput,
  commitmentInput,
  commitmentSchema,
  rateCurrencies,
  statedFigures,
} from "./schema.ts";

/** What a conversion depends on: a currency's rate epoch as read before its rate. */
export interface RateGuard {
  currency: string;
  epoch: number | null;
}

/**
 * Rates as one write sees them: each currency's epoch read before its rates, so the write can check at commit time
 * that no rate of the currency changed since (`guard`, `planRateCheck`). A batch `load`s the rates of every
 * (currency, date) it converts first: one read of the epochs, one Query per currency for its span of dates; a rate
 * not loaded is one Query of its own.
 */
export interface RateLookup {
  rate(currency: string, date: string): Promise<FxRate | undefined>;
  load(wanted: readonly { currency: string; date: string }[]): Promise<void>;
  /** The epochs a record's conversion depends on (`rateCurrencies`): none when it converts nothing. */
  guards(record: Commitment): RateGuard[];
}

export function rateLookup(deps: Deps): RateLookup {
  const seen = new Map<string, number | null>();
  const rates = new Map<string, Promise<FxRate | undefined>>();
  const epochs = lookUpOnce(async (currencies) => {
    const found = await readEpochs(deps, currencies);
    for (const [currency, epoch] of found) seen.set(currency, epoch);
    return found;
  });
  const readOnce = (currencies: readonly string[]) => Promise.all(epochs(currencies));
  return {
    rate(currency, date) {
      const key = `${currency}|${date}`;
      let rate = rates.get(key);
      if (!rate) {
        rate = readOnce([currency]).then(() => findRate(deps, currency, date));
        rates.set(key, rate);
      }
      return rate;
    },
    async load(wanted) {
      const byCurrency = Map.groupBy(
        wanted.filter(({ currency, date }) => currency !== "USD" && !rates.has(`${currency}|${date}`)),
        ({ currency }) => currency,
      );
      const read = readOnce([...byCurrency.keys()]);
      await Promise.all(
        [...byCurrency].map(async ([currency, dates]) => {
          const sorted = [...new Set(dates.map(({ date }) => date))].sort();
          const span = read.then(() =>
            ratesInForce(deps, currency, sorted[0] as string, sorted.at(-1) as string),
          );
          for (const date of sorted) {
            const rate = span.then((inForce) => inForce.findLast((rate) => rate.date <= date));
            // A failed read rejects `await span` below, for the caller; each date's promise must not also
            // reject unhandled (that ends the process), whether or not anything asks for it later.
            rate.catch(() => {});
            rates.set(`${currency}|${date}`, rate);
          }
          await span;
        }),
      );
    },
    guards(record) {
      return rateCurrencies(record).map((currency) => {
        if (!seen.has(currency))
          throw new Error(`the ${currency} rate of ${record.id} was not read through this lookup`);
        return { currency, epoch: seen.get(currency) ?? null };
      });
    },
  };
}

/** Every (currency, date) converting `input` reads a rate for: its figure's and its sources' figures', on its date. */
export function ratesWanted(input: CommitmentInput): { currency: string; date: string }[] {
  return [input.amount, ...input.sources.map((source) => source.figure)].flatMap((figure) =>
    figure ? [{ currency: figure.currency, date: input.announcedOn }] : [],
  );
}

/**
 * Joins a write's transaction to the rate it converted with: the transaction fails (a retryable race) if a rate
 * of the currency changed after it was read, since that change's re-conversion may have listed the currency
 * before this record was in it. One check per currency covers every record of a batch that read it.
 */
export function planRateCheck(plan: CommitmentPlan, owner: number, guards: readonly RateGuard[]): void {
  for (const guard of guards) {
    const { key, condition } = epochCheck(guard.currency, guard.epoch);
    if (!plan.touches(key)) plan.check(owner, "rate", key, condition);
  }
}

async function usdFor(amount: Amount | undefined, announcedOn: string, rates: RateLookup) {
  if (!amount || amount.currency === "USD") return toUsd(amount, undefined, announcedOn);
  return toUsd(amount, await rates.rate(amount.currency, announcedOn), announcedOn);
}

/**
 * Whether the figures stated about a deal differ: the record's own and every source's, compared in US dollars at
 * the rate in force (in their own currency when no rate is known), qualifier included ("at least 65" is not
 * "60–65").
 */
async function disagree(input: CommitmentInput, rates: RateLookup): Promise<boolean> {
  const figures = statedFigures(input);
  if (figures.length < 2) return false;
  const stated = await Promise.all(
    figures.map(async (figure) => {
      const usd = await usdFor(figure, input.announcedOn, rates);
      return usd
        ? `USD ${usd.low} ${usd.high} ${figure.qualifier}`
        : `${figure.currency} ${figure.low} ${figure.high} ${figure.qualifier}`;
    }),
  );
  return new Set(stated).size > 1;
}

export interface RecordMeta {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The stored record for validated input: canonical parties, USD conversion and bookkeeping fields in a stable order. */
export async function toRecord(
  input: CommitmentInput,
  meta: RecordMeta,
  rates: RateLookup,
  parties: PartyResolver,
): Promise<Commitment> {
  return commitmentSchema.parse({
    id: meta.id,
    title: input.title,
    ...(input.description !== undefined ? { description: input.description } : {}),
    announcedOn: input.announcedOn,
    announcedOnPrecision: input.announcedOnPrecision,
    parties: await resolveParties(input.parties, parties),
    ...(input.amount ? { amount: input.amount } : {}),
    amountUsd: await usdFor(input.amount, input.announcedOn, rates),
    ...(input.period ? { period: input.period } : {}),
    categories: input.categories,
    location: input.location,
    ...(input.capacity ? { capacity: input.capacity } : {}),
    status: input.status,
    confidence: input.confidence,
    ...(input.parentId ? { parentId: input.parentId } : {}),
    sources: input.sources,
    sourcesDisagree: await disagree(input, rates),
    ...(input.tags ? { tags: input.tags } : {}),
    version: meta.version,
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
  });
}

/** A new record's meta: a fresh `cmt_` + ULID at version 1. */
export function newRecordMeta(at: string): RecordMeta {
  return { id: `cmt_${ulid()}`, version: 1, createdAt: at, updatedAt: at };
}

/** Input as the schema accepts it, or a 422 naming each invalid field. */
export function validated(value: unknown): CommitmentInput {
  const result = commitmentInput.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError("the commitment would not be valid", { errors: fieldErrorsFrom(result.error) });
}
