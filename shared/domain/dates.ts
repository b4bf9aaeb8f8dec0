/** Calendar helpers on ISO strings; everything is UTC. */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in YYYY-MM-DD form (rejects 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900;
}

/** True for a real date, or a real month or year when the day is not known: "2025-02-03", "2025-02", "2025". */
export function isCalendarDateOrPart(value: string): boolean {
  if (/^\d{4}$/.test(value)) return isCalendarDate(`${value}-01-01`);
  if (/^\d{4}-\d{2}$/.test(value)) return isCalendarDate(`${value}-01`);
  return isCalendarDate(value);
}

/** "2025-01-22" → "2025-01". */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** "2025" or "2025-03-01" → the first day it covers. */
export function periodStartDate(value: string): string {
  return value.length === 4 ? `${value}-01-01` : value;
}

/** "2029" or "2029-06-30" → the last day it covers. */
export function periodEndDate(value: string): string {
  return value.length === 4 ? `${value}-12-31` : value;
}
