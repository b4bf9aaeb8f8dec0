// Date expressions in Korean and English, resolved against the publication date with the precision they carry.
import { isCalendarDate } from "../domain/dates.ts";
import type { Span } from "./money.ts";

export type Precision = "day" | "month" | "quarter" | "year";

/** The publication date as far as it is known: "2025-02-03", "2025-02" or "2025". */
export interface Reference {
  year: number;
  month?: number;
  day?: number;
}

export interface DateMention extends Span {
  /** First day of the period the expression names (SPEC 2: a month is its first day). */
  date: string;
  precision: Precision;
}

export function parseReference(value: string | undefined): Reference | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value ?? "");
  if (!match) return null;
  const [, year, month, day] = match;
  const reference: Reference = { year: Number(year) };
  if (month) reference.month = Number(month);
  if (day) reference.day = Number(day);
  return reference;
}

const pad = (value: number) => String(value).padStart(2, "0");
const iso = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

function fromDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The month before (year, month). */
function previousMonth(year: number, month: number): [number, number] {
  return month === 1 ? [year - 1, 12] : [year, month - 1];
}

/** A week (Monday–Sunday) as the narrowest precision that holds it whole. */
function week(monday: Date): Omit<DateMention, "start" | "end"> {
  const sunday = new Date(monday.getTime() + 6 * 86_400_000);
  const [a, b] = [fromDate(monday), fromDate(sunday)];
  if (a.slice(0, 7) === b.slice(0, 7)) return { date: `${a.slice(0, 7)}-01`, precision: "month" };
  const quarter = (value: string) => Math.floor((Number(value.slice(5, 7)) - 1) / 3);
  if (a.slice(0, 4) === b.slice(0, 4) && quarter(a) === quarter(b))
    return { date: `${a.slice(0, 4)}-${pad(quarter(a) * 3 + 1)}-01`, precision: "quarter" };
  return { date: `${a.slice(0, 4)}-01-01`, precision: "year" };
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const MONTH_NAME =
  "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";

type Resolver = (
  match: RegExpExecArray,
  reference: Reference | null,
) => Omit<DateMention, "start" | "end"> | null;

function day(year: number, month: number, dayOfMonth: number): Omit<DateMention, "start" | "end"> | null {
  const value = iso(year, month, dayOfMonth);
  return isCalendarDate(value) ? { date: value, precision: "day" } : null;
}

/** Day N of the current month when N has come, else of the previous one; needs the publication day. */
function recentDay(reference: Reference | null, dayOfMonth: number, strictlyBefore: boolean) {
  if (!reference?.month || !reference.day) return null;
  const fits = strictlyBefore ? dayOfMonth < reference.day : dayOfMonth <= reference.day;
  const [year, month] = fits
    ? [reference.year, reference.month]
    : previousMonth(reference.year, reference.month);
  return day(year, month, dayOfMonth);
}

/** Month M (and day D) of the publication year, or of the year before when it has not come yet. */
function recentMonthDay(reference: Reference | null, month: number, dayOfMonth: number | null) {
  if (!reference) return null;
  const year =
    reference.month !== undefined &&
    (month > reference.month ||
      (month === reference.month &&
        dayOfMonth !== null &&
        reference.day !== undefined &&
        dayOfMonth > reference.day))
      ? reference.year - 1
      : reference.year;
  return dayOfMonth === null
    ? { date: iso(year, month, 1), precision: "month" as const }
    : day(year, month, dayOfMonth);
}

function monthOffset(reference: Reference | null, offset: 0 | -1) {
  if (!reference?.month) return null;
  const [year, month] =
    offset === 0 ? [reference.year, reference.month] : previousMonth(reference.year, reference.month);
  return { date: iso(year, month, 1), precision: "month" as const };
}

function daysBefore(reference: Reference | null, days: number) {
  if (!reference?.month || !reference.day) return null;
  return {
    date: fromDate(
      new Date(utc(reference.year, reference.month, reference.day).getTime() - days * 86_400_000),
    ),
    precision: "day" as const,
  };
}

/** The Monday of the week holding the publication day, `weeks` weeks back. */
function weekOf(reference: Reference | null, weeks: number) {
  if (!reference?.month || !reference.day) return null;
  const today = utc(reference.year, reference.month, reference.day);
  const monday = new Date(today.getTime() - (((today.getUTCDay() + 6) % 7) + 7 * weeks) * 86_400_000);
  return week(monday);
}

function weekday(reference: Reference | null, name: string) {
  if (!reference?.month || !reference.day) return null;
  const today = utc(reference.year, reference.month, reference.day);
  const back = (today.getUTCDay() - WEEKDAYS.indexOf(name.toLowerCase()) + 7) % 7;
  return daysBefore(reference, back);
}

const monthNumber = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

/** Each pattern with how it resolves; the longest match at a position wins. */
const PATTERNS: readonly [RegExp, Resolver][] = [
  [/(\d{4})-(\d{2})-(\d{2})(?!\d)/g, (m) => day(Number(m[1]), Number(m[2]), Number(m[3]))],
  [/(\d{4})년\s?(\d{1,2})월\s?(\d{1,2})일/g, (m) => day(Number(m[1]), Number(m[2]), Number(m[3]))],
  [
    /(\d{4})년\s?(\d{1,2})월(?!\s?\d)/g,
    (m) => ({ date: iso(Number(m[1]), Number(m[2]), 1), precision: "month" }),
  ],
  [
    /지난달\s?(\d{1,2})일/g,
    (m, r) => {
      const month = monthOffset(r, -1);
      return month ? day(Number(month.date.slice(0, 4)), Number(month.date.slice(5, 7)), Number(m[1])) : null;
    },
  ],
  [/(?:이달|이번 달)\s?(\d{1,2})일/g, (m, r) => (r?.month ? day(r.year, r.month, Number(m[1])) : null)],
  [/(?<![\d년])(\d{1,2})월\s?(\d{1,2})일/g, (m, r) => recentMonthDay(r, Number(m[1]), Number(m[2]))],
  [/지난\s?(\d{1,2})월(?!\s?\d)/g, (m, r) => recentMonthDay(r, Number(m[1]), null)],
  [/지난\s?(\d{1,2})일/g, (m, r) => recentDay(r, Number(m[1]), true)],
  [
    /(?<![\d.,/월~∼-])(\d{1,2})일(?!\s?(?:만에|간|동안|이내|째|치))/g,
    (m, r) => recentDay(r, Number(m[1]), false),
  ],
  [/지난달|전월/g, (_m, r) => monthOffset(r, -1)],
  [/이달|이번 달|이번달/g, (_m, r) => monthOffset(r, 0)],
  [/지난주|지난 주/g, (_m, r) => weekOf(r, 1)],
  [/이번 주|이번주/g, (_m, r) => weekOf(r, 0)],
  [/오늘/g, (_m, r) => daysBefore(r, 0)],
  [/어제/g, (_m, r) => daysBefore(r, 1)],
  [
    new RegExp(`\\b${MONTH_NAME}\\s(\\d{1,2})(?:st|nd|rd|th)?,?\\s(\\d{4})\\b`, "gi"),
    (m) => day(Number(m[3]), monthNumber(m[1] as string), Number(m[2])),
  ],
  [
    new RegExp(`\\b(\\d{1,2})\\s${MONTH_NAME}\\s(\\d{4})\\b`, "gi"),
    (m) => day(Number(m[3]), monthNumber(m[2] as string), Number(m[1])),
  ],
  [
    new RegExp(`\\b${MONTH_NAME}\\s(\\d{1,2})(?:st|nd|rd|th)?\\b(?!,?\\s\\d{4})`, "gi"),
    (m, r) => recentMonthDay(r, monthNumber(m[1] as string), Number(m[2])),
  ],
  [
    new RegExp(`\\b${MONTH_NAME}\\s(?:of\\s)?(\\d{4})\\b`, "gi"),
    (m) => ({ date: iso(Number(m[2]), monthNumber(m[1] as string), 1), precision: "month" }),
  ],
  [/\b(?:earlier |late |later )?last month\b/gi, (_m, r) => monthOffset(r, -1)],
  [/\b(?:earlier |late |later )?this month\b/gi, (_m, r) => monthOffset(r, 0)],
  [/\blast week\b/gi, (_m, r) => weekOf(r, 1)],
  [/\bthis week\b/gi, (_m, r) => weekOf(r, 0)],
  [/\btoday\b/gi, (_m, r) => daysBefore(r, 0)],
  [/\byesterday\b/gi, (_m, r) => daysBefore(r, 1)],
  [/\b(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)\b/g, (m, r) => weekday(r, m[1] as string)],
];

/**
 * Announcement-date expressions: a day, a month or a week, resolved against `reference`; expressions that need a
 * publication day it lacks are left out. Years alone ("올해", "in 2025") name spending periods, not
 * announcements, and are not returned. Dates after the publication are plans, not announcements: left out too.
 */
export function findDates(text: string, reference: Reference | null): DateMention[] {
  const found: DateMention[] = [];
  // Characters an earlier pattern's date already took: an overlap is checked in the length of one expression.
  const covered = new Uint8Array(text.length);
  for (const [pattern, resolve] of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (covered.subarray(start, end).includes(1)) continue;
      const resolved = resolve(match as RegExpExecArray, reference);
      if (resolved === null || !isCalendarDate(resolved.date)) continue;
      if (reference && resolved.date > latest(reference)) continue;
      found.push({ start, end, ...resolved });
      covered.fill(1, start, end);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The last day the reference may stand for. */
function latest(reference: Reference): string {
  if (reference.day) return iso(reference.year, reference.month ?? 1, reference.day);
  if (reference.month)
    return fromDate(new Date(utc(reference.year, reference.month + 1, 1).getTime() - 86_400_000));
  return iso(reference.year, 12, 31);
}
