/** The summaries archive (GET /summaries) with this week's and month's provisional ones, and one summary. */
import { announcedText, dayText, instantText, periodLabel } from "../../../shared/format/dates.ts";
import { headlineText } from "../../../shared/format/headline.ts";
import { scriptLanguage } from "../../../shared/format/labels.ts";
import { apiUrl, getJson } from "../api.ts";
import { type Child, h } from "../dom.ts";
import { announcedFigure } from "../figures.ts";
import { href, type Route } from "../route.ts";
import type { Page, Summary, SummaryEntry } from "../types.ts";
import { errorMessage, heading, pager, tabs, type View } from "../view.ts";

const PERIODS: [string, string][] = [
  ["", "All"],
  ["weekly", "Weekly"],
  ["monthly", "Monthly"],
];

export async function summariesPage(route: Route, signal: AbortSignal): Promise<View> {
  const period = route.query.get("period") ?? "";
  const now = new Date();
  const [stored, week, month] = await Promise.all([
    getJson<Page<SummaryEntry>>(
      "/summaries",
      { period: period || undefined, cursor: route.query.get("cursor") ?? undefined },
      signal,
    ).catch((error: unknown) => error as Error),
    route.query.has("cursor")
      ? undefined
      : getJson<SummaryEntry>(`/summaries/weekly/${isoWeek(now)}`, {}, signal).catch(() => undefined),
    route.query.has("cursor")
      ? undefined
      : getJson<SummaryEntry>(`/summaries/monthly/${now.toISOString().slice(0, 7)}`, {}, signal).catch(
          () => undefined,
        ),
  ]);
  const current = [week, month].filter(
    (entry): entry is SummaryEntry => entry !== undefined && (!period || entry.period === period),
  );
  const content = h(
    "div",
    {},
    heading("Summaries"),
    h(
      "p",
      { class: "lede" },
      "What changed in the ledger each week (Monday to Monday, UTC) and each month: new commitments, revisions, new money and where the totals stand. The current period's summary is provisional until it ends.",
    ),
    tabs(
      "Summaries of",
      PERIODS.map(([key, text]) => [key, text, href(["summaries"], { period: key })]),
      period,
    ),
    current.length > 0 &&
      h(
        "section",
        { "aria-labelledby": "current-heading" },
        h("h2", { id: "current-heading" }, "So far this period"),
        h("ul", { class: "cards" }, current.map(card)),
      ),
    h(
      "section",
      { "aria-labelledby": "archive-heading" },
      h("h2", { id: "archive-heading" }, "Archive"),
      stored instanceof Error
        ? errorMessage(stored)
        : stored.items.length === 0
          ? h("p", {}, "No summary has been stored yet: the first is made when a week or a month ends.")
          : [
              h("ul", { class: "cards" }, stored.items.map(card)),
              pager(route, stored.nextCursor, "Summaries"),
            ],
    ),
  );
  return { title: "Summaries", content };
}

/** "2025-W05": the ISO 8601 week of a date, in UTC. */
export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** The summary's own headline, with its qualifiers, as the HTML and Markdown summaries print it. */
function headlineOf(entry: SummaryEntry): string {
  return entry.headline ? `${headlineText(entry.headline, entry.period, entry.final)}.` : "";
}

function card(entry: SummaryEntry): HTMLElement {
  return h(
    "li",
    { class: "card" },
    h(
      "h3",
      {},
      h(
        "a",
        { href: href(["summaries", entry.period, entry.key.split("/").pop() ?? entry.key]) },
        periodLabel(entry.period, entry.key),
      ),
    ),
    h(
      "p",
      { class: "muted" },
      `${dayText(entry.start)} – ${dayText(lastDay(entry.end))}`,
      entry.final ? "" : " · provisional",
    ),
    h("p", {}, headlineOf(entry)),
  );
}

/** The end of a period is the next one's start (exclusive): its last day is the day before. */
function lastDay(end: string): string {
  const date = new Date(`${end.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

export async function summaryPage(route: Route, signal: AbortSignal): Promise<View> {
  const [, period = "", key = ""] = route.path;
  const path = `/summaries/${encodeURIComponent(period)}/${encodeURIComponent(key)}`;
  let summary: Summary;
  try {
    summary = await getJson<Summary>(path, {}, signal);
  } catch (error) {
    return {
      title: "Summary",
      content: h(
        "div",
        {},
        heading("Summary"),
        errorMessage(error),
        h("p", {}, h("a", { href: href(["summaries"]) }, "All summaries")),
      ),
    };
  }
  const content = h(
    "article",
    {},
    h("p", { class: "breadcrumb" }, h("a", { href: href(["summaries"]) }, "Summaries"), " › "),
    heading(periodLabel(summary.period, summary.key)),
    h(
      "p",
      { class: "muted" },
      `${dayText(summary.start)} – ${dayText(lastDay(summary.end))} (UTC)`,
      summary.final ? "" : " · provisional: the period has not ended",
      summary.generatedAt && ` · made ${instantText(summary.generatedAt)}`,
    ),
    h("p", { class: "lede" }, headlineOf(summary)),
    h(
      "p",
      {},
      "Read it as ",
      h("a", { href: apiUrl(path, { format: "html" }) }, "a page"),
      ", as ",
      h("a", { href: apiUrl(path, { format: "md" }) }, "Markdown"),
      " for a chat or an e-mail, or as ",
      h("a", { href: apiUrl(path) }, "JSON"),
      ".",
    ),
    list("New commitments", summary.newCommitments, (item) => [
      h("a", { href: href(["commitments", item.id]), lang: scriptLanguage(item.title) }, item.title),
      ` — announced ${announcedText(item.announcedOn, item.announcedOnPrecision)}, `,
      announcedFigure({ amount: item.amount ?? undefined }),
      item.newlyTracked && h("span", { class: "muted" }, " (newly tracked)"),
    ]),
    list("Revisions", summary.revisions, (item) => [
      h("a", { href: href(["commitments", item.id]), lang: scriptLanguage(item.title) }, item.title),
      ` — version ${item.version}, ${instantText(item.at)}`,
      item.note && `: ${item.note}`,
    ]),
  );
  return { title: periodLabel(summary.period, summary.key), content };
}

function list<T>(title: string, items: T[] | undefined, render: (item: T) => Child): Child {
  if (!items || items.length === 0) return null;
  return h(
    "section",
    {},
    h("h2", {}, title),
    h(
      "ul",
      {},
      items.map((item) => h("li", {}, render(item))),
    ),
  );
}
