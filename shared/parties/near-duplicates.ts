/**
 * Near-duplicates (SPEC 2): a new record in the same currency as a recorded one, announced at most a month apart,
 * whose `high` is within ±5 % of the recorded one's, and that shares a funder, lead or government party with it
 * (canonical, after alias resolution) or its country. It is refused with the candidates unless
 * `?allowDuplicate=true`. Candidates are read with Queries on the currency's list partition, never a Scan.
 */

import { COUNTED_ROLES, fingerprint } from "../commitments/fingerprint.ts";
import { fetchRecords } from "../commitments/reads.ts";
import type { Amount, Commitment } from "../commitments/schema.ts";
import type { Deps } from "../deps.ts";
import {
  addDecimal,
  compareDecimal,
  multiplyRounded,
  padWhole,
  subtractDecimal,
  withinPercent,
} from "../domain/decimal.ts";
import { DuplicateError } from "../errors.ts";
import { index, keys } from "../table/keys.ts";
import { queryAll } from "../table/query.ts";

const PERCENT = 5;
/** What a list entry tells of its record: enough to rule most records out before reading them. */
const ENTRY_FIELDS = ["id", "country", "parties"];
/** The USD window read around a USD figure: wider than the rule (and than rounding to whole dollars). */
const WINDOW = { low: "0.94", high: "1.06" };
const MAX_CANDIDATES = 10;
/** "Multi-country" is not a country two deals can share. */
const NO_COUNTRY = "XX";

/** What the rule compares of a record. */
export type Figure = Pick<Commitment, "id" | "title" | "announcedOn" | "amount" | "parties" | "location">;

/** A recorded commitment a new one looks like, and why: what a 409 lists in `candidates`. */
export interface Candidate {
  id: string;
  title: string;
  announcedOn: string;
  amount: Amount;
  country: string;
  /** Canonical funder, lead and government slugs both name. */
  sharedParties: string[];
  sameCountry: boolean;
}

const monthNumber = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

const countedSlugs = (record: Figure) =>
  new Set(record.parties.filter((party) => COUNTED_ROLES.has(party.role)).map((party) => party.slug));

/** Whether `record` is a near-duplicate of `existing` (its `high` within ±5 % of the existing one's), and why. */
export function nearDuplicate(record: Figure, existing: Figure): Candidate | undefined {
  const [amount, other] = [record.amount, existing.amount];
  if (!amount || !other || amount.currency !== other.currency) return undefined;
  if (Math.abs(monthNumber(record.announcedOn) - monthNumber(existing.announcedOn)) > 1) return undefined;
  if (!withinPercent(amount.high, other.high, PERCENT)) return undefined;
  const theirs = countedSlugs(existing);
  const sharedParties = [...countedSlugs(record)].filter((slug) => theirs.has(slug)).sort();
  const country = existing.location.country;
  const sameCountry = country !== NO_COUNTRY && record.location.country === country;
  if (sharedParties.length === 0 && !sameCountry) return undefined;
  return {
    id: existing.id,
    title: existing.title,
    announcedOn: existing.announcedOn,
    amount: other,
    country,
    sharedParties,
    sameCountry,
  };
}

/** From the first day of the month before to the last of the month after (as a bound on ISO dates). */
function announcementWindow(date: string): { from: string; to: string } {
  const month = (number: number) =>
    `${String(Math.floor(number / 12)).padStart(4, "0")}-${String((number % 12) + 1).padStart(2, "0")}`;
  const number = monthNumber(date);
  return { from: `${month(number - 1)}-01`, to: `${month(number + 1)}-31` };
}

/** Sort keys around a whole-dollar figure, a dollar wider on each side for the rounding of both figures. */
function usdWindow(usd: string): { from: string; to: string } {
  const low = multiplyRounded(usd, WINDOW.low);
  return {
    from: `${padWhole(compareDecimal(low, "1") > 0 ? subtractDecimal(low, "1") : "0")}#`,
    to: `${padWhole(addDecimal(multiplyRounded(usd, WINDOW.high), "1"))}#~`,
  };
}

/**
 * Ids of the commitments that could be near-duplicates. A USD figure is its own USD figure: the USD-amount index
 * gives the few within a window around it. Another currency's figures were converted at whatever rate was in force
 * on their own dates (or not at all), so a USD window could miss one: the currency's records of the three months
 * are read instead, by announcement date.
 */
async function candidateIds(deps: Deps, record: Figure & Pick<Commitment, "amountUsd">): Promise<string[]> {
  const { from, to } = announcementWindow(record.announcedOn);
  const pk = keys.listPartition("currency", record.amount?.currency ?? "");
  const usd = record.amount?.currency === "USD" ? record.amountUsd?.high : undefined;
  const items = usd
    ? await queryAll(deps, {
        index: index.listByUsd,
        pk,
        sk: usdWindow(usd),
        filter: {
          // Not :from/:to, which the sort-key condition uses.
          expression: "#announcedOn BETWEEN :announcedFrom AND :announcedTo",
          names: { "#announcedOn": "announcedOn" },
          values: { ":announcedFrom": from, ":announcedTo": to },
        },
        projection: ENTRY_FIELDS,
      })
    : await queryAll(deps, {
        index: index.listByDate,
        pk,
        sk: { from: `${from}#`, to: `${to}#~` },
        projection: ENTRY_FIELDS,
      });
  // The entries say enough to leave out a record with no party or country in common; the rest is read whole.
  const slugs = countedSlugs(record);
  const country = record.location.country;
  return items
    .filter(
      (item) =>
        (country !== NO_COUNTRY && item.country === country) ||
        (Array.isArray(item.parties) && item.parties.some((slug) => slugs.has(slug))),
    )
    .map((item) => String(item.id));
}

interface Match {
  existing: Commitment;
  candidate: Candidate;
}

const distance = (a: string, b: string) => subtractDecimal(a, b).replace(/^-/, "");

/** The matches among `records`, the closest figure first. */
function matchesAmong(record: Commitment, records: readonly Commitment[]): Match[] {
  const high = record.amount?.high ?? "0";
  return records
    .filter((existing) => existing.id !== record.id && existing.id !== record.parentId)
    .flatMap((existing) => {
      const candidate = nearDuplicate(record, existing);
      return candidate ? [{ existing, candidate }] : [];
    })
    .sort(
      (a, b) =>
        compareDecimal(distance(a.candidate.amount.high, high), distance(b.candidate.amount.high, high)) ||
        a.candidate.id.localeCompare(b.candidate.id),
    );
}

function describe(candidate: Candidate): string {
  const why = [
    ...(candidate.sharedParties.length > 0 ? [`shares ${candidate.sharedParties.join(", ")}`] : []),
    ...(candidate.sameCountry ? [`is in ${candidate.country} too`] : []),
  ].join(" and ");
  const { currency, high, qualifier } = candidate.amount;
  return `${candidate.id} ("${candidate.title}", ${currency} ${high} ${qualifier}, announced ${candidate.announcedOn}), which ${why}`;
}

/**
 * The 409 for a record that looks like others, or undefined. One with the record's own fingerprint is the exact
 * duplicate of SPEC 2 and keeps its `existingId`; either way `candidates` lists what it looks like.
 */
function refusal(record: Commitment, matches: Match[], where: string): DuplicateError | undefined {
  const closest = matches[0];
  if (!closest) return undefined;
  const candidates = matches.slice(0, MAX_CANDIDATES).map((match) => match.candidate);
  const exact = matches.find((match) => fingerprint(match.existing) === fingerprint(record));
  if (exact)
    return new DuplicateError(
      `this looks like ${exact.existing.id}${where}: same funders, currency, figure and month`,
      { extra: { existingId: exact.existing.id, candidates } },
    );
  const others = matches.length > 1 ? ` (and ${matches.length - 1} more in candidates)` : "";
  return new DuplicateError(
    `this looks like ${describe(closest.candidate)}${where}${others}: same currency, a figure within ${PERCENT} % and an announcement at most a month apart. Attach this report to it with POST /commitments/${closest.candidate.id}/sources, or repeat with ?allowDuplicate=true`,
    { extra: { candidates } },
  );
}

/** The 409 a new record gets when it looks like a recorded commitment (SPEC 2), or undefined. */
export async function nearDuplicateRefusal(
  deps: Deps,
  record: Commitment,
): Promise<DuplicateError | undefined> {
  if (!record.amount) return undefined;
  const ids = await candidateIds(deps, record);
  return refusal(record, matchesAmong(record, await fetchRecords(deps, ids)), "");
}

/** The 409 a batch item gets when it looks like an earlier item of the same batch, or undefined. */
export function refusalWithin(
  record: Commitment,
  earlier: readonly Commitment[],
): DuplicateError | undefined {
  return refusal(record, matchesAmong(record, earlier), ", an earlier item of this batch");
}
