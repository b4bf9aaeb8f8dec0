// The extractor's input schema and the shapes it returns: drafts in the commitment-input shape with evidence.

import { type Amount, sourceUrl } from "../commitments/schema.ts";
import { isCalendarDateOrPart } from "../domain/dates.ts";
import * as z from "../zod.ts";
import type { Precision } from "./dates.ts";
import type { Span } from "./money.ts";
import type { RegistryParty } from "./parties.ts";

/** Longest text read (characters): a whole article is far shorter; beyond this is not an announcement. */
export const MAX_TEXT_LENGTH = 2_000_000;

export const extractInput = z.strictObject({
  text: z.string().check(
    z.maxLength(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`),
    z.refine((value) => value.trim().length > 0, "must not be blank: there is nothing to read"),
  ),
  /** Checked as a commitment's source URL is: the drafts carry it as theirs. */
  url: z.optional(sourceUrl),
  publisher: z.optional(z.string().check(z.maxLength(200))),
  title: z.optional(z.string().check(z.maxLength(500))),
  publishedOn: z.optional(
    z
      .string()
      .check(
        z.regex(
          /^\d{4}(-\d{2}(-\d{2})?)?$/,
          "must be YYYY-MM-DD, or YYYY-MM / YYYY when the day is not known",
        ),
        z.refine(isCalendarDateOrPart, "must be a real calendar date (or month, or year from 1900)"),
      ),
  ),
  language: z.optional(
    z
      .string()
      .check(
        z.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/, "must be a BCP 47 language tag such as ko or en"),
      ),
  ),
});
export type ExtractInput = z.input<typeof extractInput>;

export interface ExtractOptions {
  /** Parties to resolve names through; defaults to the built-in list of well-known parties. */
  registry?: readonly RegistryParty[];
}

export interface DraftParty {
  name: string;
  role: "funder" | "lead" | "operator" | "technology-partner" | "government" | "lender" | "other";
  kind?: RegistryParty["kind"];
}

export interface DraftSource {
  url?: string;
  publisher?: string;
  title?: string;
  publishedOn?: string;
  language?: string;
  excerpt: string;
  /** The amount this source states (SPEC 2: a source's own figure). */
  figure?: Amount;
}

/** A commitment as far as the text states it, in the shape of `commitmentInput`; fields it cannot tell are absent. */
export interface DraftCommitment {
  title: string;
  announcedOn?: string;
  announcedOnPrecision?: Precision;
  parties: DraftParty[];
  amount?: Amount;
  categories: string[];
  location?: { country: string };
  capacity?: { powerMw?: number; accelerators?: { model: string; count: number }[] };
  sources: DraftSource[];
}

export interface Draft {
  commitment: DraftCommitment;
  /** Required fields a person must fill before the draft can be recorded ("confidence", "sources.0.url"). */
  missing: string[];
  /** Fields present but refused by the commitment schema, with its message. */
  problems: { path: string; message: string }[];
  evidence: {
    /** The sentence that states the commitment (its source excerpt). */
    sentence: Span;
    /** The figure as written, with any parenthetical conversion; null for a commitment without an amount. */
    figure: Span | null;
  };
  /**
   * The slug each party is recorded under, by its name in `commitment.parties`: the registry's for a party it
   * knows (its name is then the canonical one, whatever alias the text used), else the slug of the name.
   */
  partySlugs: Record<string, string>;
  /** Index (in `drafts`) of a larger commitment this one is a part of ("including €20 billion for …"). */
  partOf: number | null;
  /** Where the date came from: the sentence itself, or a neighbouring sentence of its paragraph. */
  announcedOnFrom: "sentence" | "context" | null;
}

/** An exchange rate implied by a figure given in two currencies ("5000억 달러(약 720조 원)"). */
export interface ImpliedRate {
  currency: string;
  unitsPerUsd?: string;
  usdPerUnit?: string;
  kind: "implied";
  /** The date the rate is for, when the figure's announcement day (or the publication day) is known. */
  date?: string;
  /** The clause it is derived from, quoted, and where it was read. */
  source: string;
  evidence: Span;
  /** False when the division was rounded (the text's own conversion was rounded in any case). */
  exact: boolean;
}

/** A figure the extractor saw and judged not to be a commitment. */
export interface IgnoredFigure extends Span {
  written: string;
  amount?: Amount;
  reason: string;
}

export interface ExtractResult {
  drafts: Draft[];
  impliedRates: ImpliedRate[];
  ignored: IgnoredFigure[];
  /** Things a person should know about the run itself (numbers skipped past a limit, a date that could not be resolved). */
  notes: string[];
}
