// Exchange rates implied by a figure written in two currencies: "5000억 달러(약 720조 원)" → KRW 1,440 per USD.

import { truncate } from "../domain/truncate.ts";
import { QUOTED_IN_USD } from "./currencies.ts";
import { divide, multiply } from "./decimals.ts";
import type { MoneyMention } from "./money.ts";
import type { DraftCommitment, ExtractInput, ImpliedRate } from "./types.ts";

const PLACES = { unitsPerUsd: 4, usdPerUnit: 6 };

/** The rate a mention and its parenthetical conversion imply, when one of the two is in US dollars. */
export function impliedRate(
  text: string,
  mention: MoneyMention,
  input: ExtractInput,
  draft: DraftCommitment | undefined,
): ImpliedRate | null {
  const conversion = mention.conversion;
  if (!conversion) return null;
  const [usd, other] =
    mention.amount.currency === "USD"
      ? [mention, conversion]
      : conversion.amount.currency === "USD"
        ? [conversion, mention]
        : [];
  if (!usd || !other || other.amount.currency === "USD") return null;
  // Both ends of a range convert alike; the high end carries the most digits.
  const dollars = usd.amount.high;
  const units = other.amount.high;
  const end = text.indexOf(")", conversion.end) + 1;
  const clause = text.slice(mention.start, end);
  const rate: ImpliedRate = {
    currency: other.amount.currency,
    kind: "implied",
    source: truncate(
      `${input.publisher ? `${input.publisher}: ` : ""}"${clause}"${input.url ? ` (${input.url})` : ""}, a conversion the text itself gives, rounded by its author`,
      500,
    ),
    evidence: { start: mention.start, end },
    exact: false,
  };
  if (QUOTED_IN_USD.has(rate.currency)) {
    rate.usdPerUnit = divide(dollars, units, PLACES.usdPerUnit);
    rate.exact = multiply(rate.usdPerUnit, units) === dollars;
  } else {
    rate.unitsPerUsd = divide(units, dollars, PLACES.unitsPerUsd);
    rate.exact = multiply(rate.unitsPerUsd, dollars) === units;
  }
  const day = draft?.announcedOnPrecision === "day" ? draft.announcedOn : undefined;
  const date = day ?? (input.publishedOn?.length === 10 ? input.publishedOn : undefined);
  if (date) rate.date = date;
  return rate;
}
