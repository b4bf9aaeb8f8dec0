/** Dates as people write them ("22 Jan 2025", "January 2025", "Q1 2025"), from ISO strings, always in UTC. */

/** Month names, January first: shared with the summaries' renderer. */
export const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

const ISO_DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?/;

function parts(date: string): { year: string; month: number; day: number } | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [, year = "", month = "", day] = match;
  return { year, month: Number(month), day: Number(day ?? "1") };
}

function monthName(month: number, short: boolean): string {
  const name = MONTHS[month - 1] ?? "";
  return short ? name.slice(0, 3) : name;
}

/** "2025-01-22" → "22 Jan 2025". */
export function dayText(date: string): string {
  const p = parts(date);
  return p ? `${p.day} ${monthName(p.month, true)} ${p.year}` : date;
}

/** "2025-01" or "2025-01-01" → "January 2025". */
export function monthText(date: string): string {
  const p = parts(date);
  return p ? `${monthName(p.month, false)} ${p.year}` : date;
}

/** An announcement date at its precision: "22 Jan 2025", "January 2025", "Q1 2025", "2025". */
export function announcedText(date: string, precision = "day"): string {
  const p = parts(date);
  if (!p) return date;
  if (precision === "month") return monthText(date);
  if (precision === "quarter") return `Q${Math.floor((p.month - 1) / 3) + 1} ${p.year}`;
  if (precision === "year") return p.year;
  return dayText(date);
}

/** An instant: "22 Jan 2025, 14:05 UTC". */
export function instantText(instant: string): string {
  const time = /T(\d{2}:\d{2})/.exec(instant)?.[1];
  return time ? `${dayText(instant)}, ${time} UTC` : dayText(instant);
}

/** A spending period: "2025–2029", "2025", "Jul 2024 – Jun 2025" (dates are shown to the month). */
export function periodText(period: { start: string; end: string }): string {
  const show = (value: string) =>
    value.length === 4 ? value : `${monthName(Number(value.slice(5, 7)), true)} ${value.slice(0, 4)}`;
  if (period.start === period.end) return show(period.start);
  const start = show(period.start);
  const end = show(period.end);
  return start.includes(" ") || end.includes(" ") ? `${start} – ${end}` : `${start}–${end}`;
}

/** A summary's period as people say it: weekly "2025-W05" → "Week 5 of 2025", monthly "2025-01" → "January 2025". */
export function periodLabel(period: string, key: string): string {
  const label = key.split("/").pop() ?? key;
  const week = /^(\d{4})-W(\d{2})$/.exec(label);
  if (period === "weekly" && week) return `Week ${Number(week[2])} of ${week[1]}`;
  if (period === "monthly" && /^\d{4}-\d{2}$/.test(label)) return monthText(label);
  return label;
}

/** Days from `start` to the day before `end` (an exclusive instant): "27 Jan – 2 Feb 2025", "3–9 Feb 2025". */
export function spanText(start: string, end: string): string {
  const last = new Date(Date.parse(end) - 1).toISOString().slice(0, 10);
  const from = parts(start);
  const to = parts(last);
  if (!from || !to) return `${start} – ${end}`;
  if (from.year !== to.year) return `${dayText(start)} – ${dayText(last)}`;
  if (from.month !== to.month) return `${from.day} ${monthName(from.month, true)} – ${dayText(last)}`;
  return `${from.day}–${dayText(last)}`;
}
