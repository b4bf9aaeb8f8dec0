/**
 * Summary periods (SPEC 5), all UTC: ISO weeks (Monday 00:00 to the next Monday 00:00, in ISO week-years, so
 * 2021-01-01 is in 2020-W53 and 2024-12-30 in 2025-W01) and calendar months. Pure: the clock is a parameter.
 */
export const PERIOD_KINDS = ["weekly", "monthly"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** "2025-W05" or "2025-01": the period's name within its kind. */
  label: string;
  /** "weekly/2025-W05": the summary's deterministic key. */
  key: string;
  /** Inclusive start, ISO instant. */
  start: string;
  /** Exclusive end, ISO instant: the next period's start. */
  end: string;
}

export type PeriodState = "complete" | "current" | "future";

/**
 * The longest a write may take: every HTTP route's function times out then (infra/api.ts; API Gateway waits 30 s),
 * so a write stamped when its request began has committed, or never will, this long after its stamp.
 */
export const WRITE_DEADLINE_SECONDS = 25;

/**
 * How long a period settles after its end: a summary generated sooner could miss a write stamped before the end
 * that commits after it. Until then the period is still under way: its summary is provisional, neither stored nor
 * published.
 */
export const SETTLING_MS = (WRITE_DEADLINE_SECONDS + 5) * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;
/** The earliest year a label may name: there is no AI-infrastructure ledger to summarise before it. */
const FIRST_YEAR = 2000;
const WEEK_LABEL = /^(\d{4})-W(\d{2})$/;
const MONTH_LABEL = /^(\d{4})-(\d{2})$/;

/** Monday = 0 … Sunday = 6. */
function isoWeekday(ms: number): number {
  return (new Date(ms).getUTCDay() + 6) % 7;
}

/** The ISO week-year and week of an instant. */
export function isoWeekOf(instant: Date): { year: number; week: number } {
  const day = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate());
  // The week belongs to the year its Thursday falls in.
  const thursday = day + (3 - isoWeekday(day)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / WEEK_MS) };
}

/** Monday 00:00 UTC of an ISO week. */
function isoWeekStart(year: number, week: number): number {
  const january4 = Date.UTC(year, 0, 4);
  return january4 - isoWeekday(january4) * DAY_MS + (week - 1) * WEEK_MS;
}

/** 52 or 53: 28 December is always in the year's last ISO week. */
export function isoWeeksIn(year: number): number {
  return isoWeekOf(new Date(Date.UTC(year, 11, 28))).week;
}

function weekly(year: number, week: number): Period {
  const start = isoWeekStart(year, week);
  const label = `${year}-W${String(week).padStart(2, "0")}`;
  return {
    kind: "weekly",
    label,
    key: `weekly/${label}`,
    start: new Date(start).toISOString(),
    end: new Date(start + WEEK_MS).toISOString(),
  };
}

function monthly(year: number, month: number): Period {
  const label = `${year}-${String(month).padStart(2, "0")}`;
  return {
    kind: "monthly",
    label,
    key: `monthly/${label}`,
    start: new Date(Date.UTC(year, month - 1, 1)).toISOString(),
    end: new Date(Date.UTC(year, month, 1)).toISOString(),
  };
}

/** The period of a kind that contains an instant. */
export function periodAt(kind: PeriodKind, instant: Date): Period {
  if (kind === "monthly") return monthly(instant.getUTCFullYear(), instant.getUTCMonth() + 1);
  const { year, week } = isoWeekOf(instant);
  return weekly(year, week);
}

/** The period a label names ("2025-W05", "2025-01"), or undefined when it names none (2021-W53, 2025-13). */
export function periodOf(kind: PeriodKind, label: string): Period | undefined {
  const match = (kind === "weekly" ? WEEK_LABEL : MONTH_LABEL).exec(label);
  if (!match) return undefined;
  const year = Number(match[1]);
  const number = Number(match[2]);
  if (year < FIRST_YEAR) return undefined;
  if (kind === "weekly") return number >= 1 && number <= isoWeeksIn(year) ? weekly(year, number) : undefined;
  return number >= 1 && number <= 12 ? monthly(year, number) : undefined;
}

/** Why a label names no period, for a 422; undefined when it is fine. */
export function labelProblem(kind: PeriodKind, label: string): string | undefined {
  if (periodOf(kind, label)) return undefined;
  const form = kind === "weekly" ? "an ISO week such as 2025-W05" : "a month such as 2025-01";
  return `must be ${form}, from ${FIRST_YEAR} on${kind === "weekly" ? " (W53 only in years that have one)" : ""}`;
}

/** The period just before. */
export function previousPeriod(period: Period): Period {
  return periodAt(period.kind, new Date(Date.parse(period.start) - 1));
}

/** The last period of a kind that has ended at `now`: what the scheduled job summarises. */
export function lastCompletePeriod(kind: PeriodKind, now: Date): Period {
  return previousPeriod(periodAt(kind, new Date(now.getTime() - SETTLING_MS)));
}

/** Whether a period has ended (and settled), is under way, or has not begun at `now`. */
export function periodState(period: Period, now: Date): PeriodState {
  const at = now.getTime();
  if (Date.parse(period.end) + SETTLING_MS <= at) return "complete";
  return Date.parse(period.start) <= at ? "current" : "future";
}

/** The UTC days a period covers, "YYYY-MM-DD", in order: 7 for a week, 28–31 for a month. */
export function periodDays(period: Period): string[] {
  const days: string[] = [];
  for (let day = Date.parse(period.start); day < Date.parse(period.end); day += DAY_MS)
    days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

/** The day before a date, "YYYY-MM-DD". */
export function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - DAY_MS).toISOString().slice(0, 10);
}
