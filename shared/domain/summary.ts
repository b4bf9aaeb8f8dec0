/**
 * Building a period's summary (SPEC 5) from its revisions and the ledger's edges, by the totals' own rules
 * (shared/domain/aggregates.ts): every change of the ledger belongs to one commitment, so new, revised and
 * deleted money add up to the ledger's change. Pure and deterministic. The schemas are in `summary-schema.ts`.
 */
import { createHash } from "node:crypto";
import type { ActivityItem, RevisionSnapshot } from "../commitments/items.ts";
import { addColumns, type Columns, ledgerColumns, sumColumns } from "./aggregates.ts";
import { compareDecimal } from "./decimal.ts";
import type { Period } from "./periods.ts";
import { canonicalJson } from "./revisions.ts";
import type { SummaryCommitment, SummaryContent, SummaryRevision, SummaryTotals } from "./summary-schema.ts";

export * from "./summary-schema.ts";

/** The ledger's columns as they stood at the start of the previous period, and at this period's start and end. */
export interface LedgerEdges {
  atPreviousStart: Columns;
  atStart: Columns;
  atEnd: Columns;
}

export interface SummaryInput {
  period: Period;
  previous: Period;
  final: boolean;
  /** The revisions recorded in the period, any order. */
  activity: ActivityItem[];
  ledger: LedgerEdges;
}

const TOP = 5;

/** sha256 of the canonical JSON: equal content, equal hash, whatever the key order. */
export function contentHash(content: SummaryContent): string {
  return createHash("sha256").update(canonicalJson(content), "utf8").digest("hex");
}

/** Totals of columns, by the totals' rules, every confidence counted (as GET /totals by default). */
const totalsOf = (columns: Columns): SummaryTotals => sumColumns([columns]);

/** What a revision moved, per commitment: kept on the revision, or (for one written before) derived from it. */
export function effectsOf(
  item: ActivityItem,
): { commitmentId: string; columns: Columns; snapshot?: RevisionSnapshot }[] {
  if (item.effects) return item.effects;
  const { revision, snapshot, commitmentId } = item;
  if (!snapshot.counted) return [];
  const after = ledgerColumns(snapshot);
  if (revision.change === "created") return [{ commitmentId, columns: after }];
  if (revision.change === "deleted") return [{ commitmentId, columns: addColumns({}, after, -1) }];
  const was = <K extends keyof RevisionSnapshot>(name: K): RevisionSnapshot[K] =>
    (name in revision.fields ? revision.fields[name]?.from : snapshot[name]) as RevisionSnapshot[K];
  const before = ledgerColumns({
    confidence: was("confidence"),
    amount: was("amount"),
    amountUsd: was("amountUsd"),
  });
  return [{ commitmentId, columns: addColumns(after, before, -1) }];
}

const ordered = (a: ActivityItem, b: ActivityItem) =>
  a.revision.at < b.revision.at
    ? -1
    : a.revision.at > b.revision.at
      ? 1
      : a.commitmentId < b.commitmentId
        ? -1
        : a.commitmentId > b.commitmentId
          ? 1
          : a.revision.version - b.revision.version;

/** Changes a summary reports: of the figure (in its currency or in USD), of the status, or a removal. */
function reported(item: ActivityItem): boolean {
  const { change, fields } = item.revision;
  return change === "deleted" || "amount" in fields || "amountUsd" in fields || "status" in fields;
}

const links = (snapshot: RevisionSnapshot) => snapshot.sources;

function revisionEntry(item: ActivityItem, moneyChange: Columns): SummaryRevision {
  const { revision, snapshot } = item;
  const fields = revision.fields;
  const pair = <T>(name: string) =>
    name in fields
      ? { from: (fields[name]?.from ?? null) as T | null, to: (fields[name]?.to ?? null) as T | null }
      : null;
  const amount = pair<SummaryCommitment["amount"]>("amount");
  const amountUsd = pair<SummaryCommitment["amountUsd"]>("amountUsd");
  // A re-conversion (US$ moved, the figure did not) names the figure's qualifier for its US$ words; nothing else
  // needs it, so every other revision, and every summary stored before, keeps the content and hash it had.
  const reconverted = amount === null && amountUsd !== null && snapshot.amount;
  return {
    id: item.commitmentId,
    title: snapshot.title,
    version: revision.version,
    at: revision.at,
    change: revision.change as SummaryRevision["change"],
    by: null,
    announcedOn: snapshot.announcedOn,
    announcedOnPrecision: snapshot.announcedOnPrecision,
    amount,
    amountUsd,
    ...(reconverted ? { qualifier: reconverted.qualifier } : {}),
    status: pair<SummaryCommitment["status"]>("status"),
    moneyChange: totalsOf(moneyChange),
    counted: snapshot.counted,
    note: revision.note ?? null,
    source: revision.source
      ? {
          url: revision.source.url,
          ...(revision.source.publisher ? { publisher: revision.source.publisher } : {}),
          ...(revision.source.title ? { title: revision.source.title } : {}),
        }
      : null,
    sources: links(snapshot),
  };
}

/** A part moved into or out of the totals by its whole's change: listed beside the revisions, never hidden. */
function coverEntry(
  item: ActivityItem,
  part: string,
  snapshot: RevisionSnapshot,
  columns: Columns,
): SummaryRevision {
  return {
    id: part,
    title: snapshot.title,
    version: item.revision.version,
    at: item.revision.at,
    change: "cover",
    by: item.commitmentId,
    announcedOn: snapshot.announcedOn,
    announcedOnPrecision: snapshot.announcedOnPrecision,
    amount: null,
    amountUsd: null,
    status: null,
    moneyChange: totalsOf(columns),
    counted: snapshot.counted,
    note: snapshot.counted
      ? `counted again: ${item.snapshot.title} no longer has a figure of its own`
      : `now counted through ${item.snapshot.title}`,
    source: null,
    sources: links(snapshot),
  };
}

interface Touched {
  net: Columns;
  createdAt?: string;
  deleted: boolean;
  /** The commitment as it stood at its last change in the period. */
  last?: RevisionSnapshot;
}

function grouped(rows: Map<string, Columns>) {
  return [...rows]
    .map(([key, columns]) => ({ key, ...totalsOf(columns) }))
    .sort((a, b) => compareDecimal(b.usdLow, a.usdLow) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The summary of a period. Every change of the ledger's totals in the period belongs to one commitment; a
 * commitment recorded in the period is new (described as it stood at the period's end, with the money it counts
 * for then), one recorded before is revised or deleted. New, revised and deleted money add up to the ledger's
 * change exactly, so the summary can never contradict the ledger.
 */
export function buildSummary(input: SummaryInput): SummaryContent {
  const { period, previous, final, ledger } = input;
  const activity = input.activity
    .filter((item) => item.revision.at >= period.start && item.revision.at < period.end)
    .sort(ordered);

  const touched = new Map<string, Touched>();
  const touch = (id: string) => {
    const entry = touched.get(id) ?? { net: {}, deleted: false };
    touched.set(id, entry);
    return entry;
  };
  const changes: {
    item: ActivityItem;
    own: Columns;
    covers: { id: string; snapshot: RevisionSnapshot; columns: Columns }[];
  }[] = [];
  for (const item of activity) {
    const own = touch(item.commitmentId);
    if (item.revision.change === "created") own.createdAt = item.revision.at;
    if (item.revision.change === "deleted") own.deleted = true;
    own.last = item.snapshot;
    let ownColumns: Columns = {};
    const covers: (typeof changes)[number]["covers"] = [];
    for (const effect of effectsOf(item)) {
      const entry = touch(effect.commitmentId);
      entry.net = addColumns(entry.net, effect.columns);
      if (effect.commitmentId === item.commitmentId) ownColumns = addColumns(ownColumns, effect.columns);
      else if (effect.snapshot) {
        entry.last = effect.snapshot;
        covers.push({ id: effect.commitmentId, snapshot: effect.snapshot, columns: effect.columns });
      }
    }
    changes.push({ item, own: ownColumns, covers });
  }
  const titles = new Map([...touched].flatMap(([id, entry]) => (entry.last ? [[id, entry.last.title]] : [])));

  let newColumns: Columns = {};
  let revisedColumns: Columns = {};
  let deletedColumns: Columns = {};
  const byCountry = new Map<string, Columns>();
  const byCategory = new Map<string, Columns>();
  const newCommitments: SummaryCommitment[] = [];
  for (const [id, entry] of touched) {
    if (entry.createdAt === undefined || entry.deleted) {
      if (entry.deleted) deletedColumns = addColumns(deletedColumns, entry.net);
      else revisedColumns = addColumns(revisedColumns, entry.net);
      continue;
    }
    newColumns = addColumns(newColumns, entry.net);
    const snapshot = entry.last as RevisionSnapshot;
    byCountry.set(snapshot.country, addColumns(byCountry.get(snapshot.country) ?? {}, entry.net));
    for (const category of snapshot.categories)
      byCategory.set(category, addColumns(byCategory.get(category) ?? {}, entry.net));
    newCommitments.push({
      id,
      title: snapshot.title,
      recordedAt: entry.createdAt,
      announcedOn: snapshot.announcedOn,
      announcedOnPrecision: snapshot.announcedOnPrecision,
      newlyTracked: snapshot.announcedOn < period.start.slice(0, 10),
      amount: snapshot.amount,
      amountUsd: snapshot.amountUsd,
      country: snapshot.country,
      categories: snapshot.categories,
      confidence: snapshot.confidence,
      status: snapshot.status,
      parentId: snapshot.parentId,
      parentTitle: snapshot.parentId ? (titles.get(snapshot.parentId) ?? null) : null,
      counted: snapshot.counted,
      notCountedBecause: snapshot.counted ? null : "part-of-parent",
      money: totalsOf(entry.net),
      sources: links(snapshot),
    });
  }
  newCommitments.sort((a, b) =>
    a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : a.id < b.id ? -1 : 1,
  );

  const isNew = (id: string) => {
    const entry = touched.get(id);
    return entry?.createdAt !== undefined;
  };
  const revisions: SummaryRevision[] = [];
  for (const { item, own, covers } of changes) {
    if (
      !isNew(item.commitmentId) &&
      item.revision.change !== "created" &&
      (reported(item) || Object.keys(own).length > 0)
    )
      revisions.push(revisionEntry(item, own));
    for (const cover of covers)
      if (!isNew(cover.id)) revisions.push(coverEntry(item, cover.id, cover.snapshot, cover.columns));
  }

  const top = newCommitments
    .filter((entry) => entry.counted && entry.amountUsd)
    .map((entry) => ({
      id: entry.id,
      title: entry.title,
      amount: entry.amount,
      usdLow: entry.amountUsd?.low as string,
      usdHigh: entry.amountUsd?.high as string,
    }))
    .sort(
      (a, b) =>
        compareDecimal(b.usdHigh, a.usdHigh) || compareDecimal(b.usdLow, a.usdLow) || (a.id < b.id ? -1 : 1),
    );

  const thisPeriod = addColumns(ledger.atEnd, ledger.atStart, -1);
  const previousPeriod = addColumns(ledger.atStart, ledger.atPreviousStart, -1);
  const newMoney = totalsOf(newColumns);
  const atEnd = totalsOf(ledger.atEnd);
  return {
    key: period.key,
    period: period.kind,
    label: period.label,
    start: period.start,
    end: period.end,
    final,
    headline: {
      empty: newCommitments.length === 0 && revisions.length === 0 && Object.keys(thisPeriod).length === 0,
      newCommitments: newCommitments.length,
      revisions: revisions.length,
      newMoney,
      cumulative: atEnd,
    },
    newCommitments,
    revisions,
    top: top.slice(0, TOP),
    newMoney: { total: newMoney, byCountry: grouped(byCountry), byCategory: grouped(byCategory) },
    cumulative: {
      atStart: totalsOf(ledger.atStart),
      new: newMoney,
      revised: totalsOf(revisedColumns),
      deleted: totalsOf(deletedColumns),
      atEnd,
    },
    change: {
      previous: { key: previous.key, start: previous.start, end: previous.end },
      thisPeriod: totalsOf(thisPeriod),
      previousPeriod: totalsOf(previousPeriod),
      difference: totalsOf(addColumns(thisPeriod, previousPeriod, -1)),
    },
  };
}
