/**
 * The API's answers as the dashboard reads them (SPEC 2, 3.3, 4.3, 5). Written against the SPEC's shape; fields
 * that older servers do not send yet are optional, and every page shows what is there.
 */
import type { HeadlineLike } from "../../shared/format/headline.ts";
import type { AmountLike } from "../../shared/format/money.ts";
import type { TotalsLike } from "../../shared/format/totals.ts";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface RateUsed {
  currency: string;
  date: string | null;
  unitsPerUsd?: string;
  usdPerUnit?: string;
  source: string | null;
  kind?: string;
  version?: number;
}

export interface AmountUsd {
  low: string;
  high: string;
  rate: RateUsed;
  stale?: boolean;
}

export interface Source {
  url: string;
  publisher?: string;
  title?: string;
  publishedOn?: string;
  language?: string;
  excerpt?: string;
  figure?: AmountLike;
}

export interface Party {
  name: string;
  role: string;
  kind?: string;
  slug: string;
}

export interface Commitment {
  id: string;
  title: string;
  description?: string;
  announcedOn: string;
  announcedOnPrecision: string;
  parties: Party[];
  amount?: AmountLike;
  amountUsd: AmountUsd | null;
  period?: { start: string; end: string };
  categories: string[];
  location: { country: string; region?: string; site?: string };
  capacity?: { powerMw?: number; accelerators?: { model: string; count: number }[] };
  status: string;
  confidence: string;
  parentId?: string;
  sources: Source[];
  sourcesDisagree?: boolean;
  tags?: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Revision {
  version: number;
  at: string;
  change: string;
  fields: Record<string, { from: unknown; to: unknown }>;
  note?: string;
  source?: Source;
}

export interface TotalsRow extends TotalsLike {
  key: string;
  count: string;
  unconverted: string;
}

export interface Totals {
  groupBy: string;
  groups: TotalsRow[];
  total: TotalsLike & { count: string; unconverted: string };
}

export interface FxRate {
  currency: string;
  date: string;
  unitsPerUsd?: string;
  usdPerUnit?: string;
  source: string;
  kind?: string;
  version?: number;
  recordedAt: string;
  recordedBy?: string;
}

export interface PartySummary {
  slug: string;
  name: string;
  commitments: number;
}

export interface SummaryEntry {
  key: string;
  period: string;
  label: string;
  start: string;
  end: string;
  final: boolean;
  generatedAt?: string;
  /** Absent from summaries stored before headlines existed. */
  headline?: HeadlineLike;
}

export interface Summary extends SummaryEntry {
  newCommitments?: {
    id: string;
    title: string;
    announcedOn: string;
    announcedOnPrecision: string;
    amount: AmountLike | null;
    amountUsd: AmountUsd | null;
    newlyTracked?: boolean;
    counted?: boolean;
  }[];
  revisions?: {
    id: string;
    title: string;
    version: number;
    at: string;
    change: string;
    note?: string | null;
  }[];
}

export type { Span } from "../../shared/extract/money.ts";
/** POST /drafts: the extractor's own types (shared/extract/types.ts: type-only, nothing of it is bundled). */
export type { Draft, ExtractResult as Drafts, ImpliedRate } from "../../shared/extract/types.ts";

/** A near-duplicate's candidate, as a 409 lists it. */
export interface DuplicateCandidate {
  id: string;
  title: string;
  announcedOn: string;
  amount: AmountLike;
  sharedParties: string[];
  sameCountry: boolean;
}
