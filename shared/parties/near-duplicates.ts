/**
 * Near-duplicates (SPEC 2): a new record in the same currency as a recorded one, announced at most a month apart,
 * whose `high` is within ±5 % of the recorded one's, and that shares a funder, lead or government party with it
 * (canonical, after alias resolution) or its country. It is refused with the candidates unless
 * `?allowDuplicate=true`. Candidates are read with Queries on the currency's list partition, never a Scan; a batch's
 * records read their windows together, each entry once.
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
import { type IndexName, ledgerTable } from "../table/definition.ts";
import { index, keys } from "../table/keys.ts";
import { queryAll } from "../table/query.ts";

type Item = Record<string, unknown>;

const PERCENT = 5;
/** What a list entry tells of its record: enough to rule most records out before reading them. */
const ENTRY_FIELDS = ["id", "country", "parties"];
/** The USD window read around a USD figure: wider than the rule (and than rounding to whole dollars). */
const WINDOW = { low: "0.94", high: "1.06" };
/**
 * A batch reads the gap between two records' windows rather than send a second Query when the gap is no wider than
 * a window: up to ×1.2 a USD figure (a window spans ×1.13), or three months past a three-month window.
 */
const REACH = { usd: "1.2", months: 4 };
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

const monthText = (number: number) =>
  `${String(Math.floor(number / 12)).padStart(4, "0")}-${String((number % 12) + 1).padStart(2, "0")}`;

/** From the first day of the month before to the last of the month after (as a bound on ISO dates). */
function announcementWindow(date: string): { from: string; to: string } {
  const number = monthNumber(date);
  return { from: `${monthText(number - 1)}-01`, to: `${monthText(number + 1)}-31` };
}

/** Sort keys around a whole-dollar figure, a dollar wider on each side for the rounding of both figures. */
function usdWindow(usd: string): { from: string; to: string; reach: string } {
  const low = multiplyRounded(usd, WINDOW.low);
  return {
    from: `${padWhole(compareDecimal(low, "1") > 0 ? subtractDecimal(low, "1") : "0")}#`,
    to: `${padWhole(addDecimal(multiplyRounded(usd, WINDOW.high), "1"))}#~`,
    reach: `${padWhole(addDecimal(multiplyRounded(usd, REACH.usd), "1"))}#~`,
  };
}

/** What one record reads: a sort-key range of a currency's list partition, and for USD an announcement window. */
interface Window {
  index: IndexName;
  pk: string;
  from: string;
  to: string;
  /** How far past `to` another window may start and still be read with this one (`REACH`). */
  reach: string;
  announced?: { from: string; to: string } | undefined;
}

/**
 * Where a record's candidates are listed. A USD figure is its own USD figure: the USD-amount index gives the few
 * within a window around it. Another currency's figures were converted at whatever rate was in force on their own
 * dates (or not at all), so a USD window could miss one: the currency's records of the three months are read
 * instead, by announcement date.
 */
function windowOf(record: Figure & Pick<Commitment, "amountUsd">): Window {
  const announced = announcementWindow(record.announcedOn);
  const pk = keys.listPartition("currency", record.amount?.currency ?? "");
  const usd = record.amount?.currency === "USD" ? record.amountUsd?.high : undefined;
  return usd
    ? { index: index.listByUsd, pk, ...usdWindow(usd), announced }
    : {
        index: index.listByDate,
        pk,
        from: `${announced.from}#`,
        to: `${announced.to}#~`,
        reach: `${monthText(monthNumber(record.announcedOn) + REACH.months)}-31#~`,
      };
}

const sortKeyOf = (window: Window) => ledgerTable.indexes[window.index].sortKey;
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const inRange = (value: unknown, range: { from: string; to: string }) =>
  typeof value === "string" && value >= range.from && value <= range.to;

/**
 * The list entries in the windows of many records, each entry read once: windows on the same index and partition
 * that overlap, or lie less than a window's width apart (`REACH`), are read with one Query (paged). A batch reads
 * what its records' own Queries would, and at most the gaps narrower than a window between them. Entries come
 * back sorted by the window's sort key.
 */
async function readWindows(deps: Deps, windows: readonly Window[]): Promise<Map<Window, Item[]>> {
  const merged: { windows: Window[]; to: string; reach: string }[] = [];
  const byPartition = Map.groupBy(windows, (window) => `${window.index}\u0000${window.pk}`);
  for (const group of byPartition.values()) {
    let current: { windows: Window[]; to: string; reach: string } | undefined;
    for (const window of group.toSorted((a, b) => compareText(a.from, b.from))) {
      if (current && window.from <= current.reach) {
        current.windows.push(window);
        if (window.to > current.to) current.to = window.to;
        if (window.reach > current.reach) current.reach = window.reach;
      } else {
        current = { windows: [window], to: window.to, reach: window.reach };
        merged.push(current);
      }
    }
  }
  const read = new Map<Window, Item[]>();
  await Promise.all(
    merged.map(async ({ windows: members, to }) => {
      const first = members[0] as Window;
      const froms = members.flatMap((window) => (window.announced ? [window.announced.from] : [])).sort();
      const tos = members.flatMap((window) => (window.announced ? [window.announced.to] : [])).sort();
      const items = await queryAll(deps, {
        index: first.index,
        pk: first.pk,
        sk: { from: first.from, to },
        // The span of the windows' announcement dates; each record keeps to its own window (`entriesIn`).
        filter:
          froms.length > 0
            ? {
                // Not :from/:to, which the sort-key condition uses.
                expression: "#announcedOn BETWEEN :announcedFrom AND :announcedTo",
                names: { "#announcedOn": "announcedOn" },
                values: { ":announcedFrom": froms[0], ":announcedTo": tos.at(-1) },
              }
            : undefined,
        projection: [...ENTRY_FIELDS, "announcedOn", sortKeyOf(first)],
      });
      for (const window of members) read.set(window, items);
    }),
  );
  return read;
}

/** The entries of `items` (sorted by the window's sort key) inside one record's window: a binary search, then a scan. */
function entriesIn(window: Window, items: readonly Item[]): Item[] {
  const sortKey = sortKeyOf(window);
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (String((items[middle] as Item)[sortKey]) < window.from) low = middle + 1;
    else high = middle;
  }
  const found: Item[] = [];
  for (let at = low; at < items.length; at++) {
    const item = items[at] as Item;
    if (!inRange(item[sortKey], window)) break;
    if (!window.announced || inRange(item.announcedOn, window.announced)) found.push(item);
  }
  return found;
}

/** Ids of the commitments that could be near-duplicates of `record`, among the entries in its window. */
function candidateIds(record: Figure, entries: readonly Item[]): string[] {
  // The entries say enough to leave out a record with no party or country in common; the rest is read whole.
  const slugs = countedSlugs(record);
  const country = record.location.country;
  return entries
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
  const [refused] = await nearDuplicateRefusals(deps, [record]);
  return refused;
}

/**
 * The 409s of many new records, each checked against the ledger alone (not against the others): what
 * `nearDuplicateRefusal` says of each, with each list entry and each candidate read once for the whole batch.
 */
export async function nearDuplicateRefusals(
  deps: Deps,
  records: readonly (Commitment | undefined)[],
): Promise<(DuplicateError | undefined)[]> {
  const windows = records.map((record) => (record?.amount ? windowOf(record) : undefined));
  const read = await readWindows(
    deps,
    windows.filter((window) => window !== undefined),
  );
  const ids = records.map((record, position) => {
    const window = windows[position];
    return record && window ? candidateIds(record, entriesIn(window, read.get(window) ?? [])) : [];
  });
  const fetched = new Map(
    (await fetchRecords(deps, [...new Set(ids.flat())])).map((existing) => [existing.id, existing]),
  );
  return records.map((record, position) =>
    record
      ? refusal(
          record,
          matchesAmong(
            record,
            (ids[position] ?? []).flatMap((id) => fetched.get(id) ?? []),
          ),
          "",
        )
      : undefined,
  );
}

/** The 409 a batch item gets when it looks like an earlier item of the same batch, or undefined. */
export function refusalWithin(
  record: Commitment,
  earlier: readonly Commitment[],
): DuplicateError | undefined {
  return refusal(record, matchesAmong(record, earlier), ", an earlier item of this batch");
}
