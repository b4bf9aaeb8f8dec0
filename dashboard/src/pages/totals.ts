/**
 * Totals by country, category, party and year (GET /totals): the grand total in words, a floor–ceiling chart, a
 * world map for countries, and the table behind them with every digit and what each total is made of.
 */
import { monthText } from "../../../shared/format/dates.ts";
import { categoryLabel, countryName } from "../../../shared/format/labels.ts";
import { exactMoney } from "../../../shared/format/money.ts";
import { knowsQualifiers, qualifierBreakdown } from "../../../shared/format/totals.ts";
import { getJson } from "../api.ts";
import { type Child, h, replace } from "../dom.ts";
import { totalFigure } from "../figures.ts";
import { href, type Route } from "../route.ts";
import type { Page, PartySummary, Totals, TotalsRow } from "../types.ts";
import { cached, errorMessage, heading, inputField, ledgerTable, tabs, type View } from "../view.ts";

const GROUPS: [string, string][] = [
  ["country", "Country"],
  ["category", "Category"],
  ["party", "Party"],
  ["year", "Year"],
];

export async function totalsPage(route: Route, signal: AbortSignal): Promise<View> {
  const groupBy = GROUPS.some(([key]) => key === route.query.get("groupBy"))
    ? (route.query.get("groupBy") as string)
    : "country";
  const groupName = (GROUPS.find(([key]) => key === groupBy) ?? GROUPS[0] ?? ["", ""])[1].toLowerCase();
  const query: Record<string, string | undefined> = {
    groupBy,
    from: route.query.get("from") ?? undefined,
    to: route.query.get("to") ?? undefined,
    includeEstimates: route.query.get("includeEstimates") === "false" ? "false" : undefined,
  };
  const [totals, names] = await Promise.all([
    getJson<Totals>("/totals", query, signal).catch((error: unknown) => error as Error),
    groupBy === "party" ? partyNames() : Promise.resolve(new Map<string, string>()),
  ]);
  const title = `Totals by ${groupName}`;
  const label = (key: string) => groupLabel(groupBy, key, names);
  const body: Child =
    totals instanceof Error
      ? errorMessage(totals)
      : [
          grandTotal(totals),
          totals.groups.length === 0
            ? h("p", {}, "No commitment is counted under these filters.")
            : [
                charts(groupBy, sorted(totals.groups), label, title),
                dataTable(groupBy, sorted(totals.groups), label, query),
              ],
        ];
  const content = h(
    "div",
    {},
    heading(title),
    h(
      "p",
      { class: "lede" },
      "What is committed at the least (the floor) and at the most (the ceiling). An “up to” figure promises no minimum; an “at least” figure leaves the ceiling open. A part of a larger commitment is counted once: through the whole, or on its own when the whole states no figure.",
    ),
    tabs(
      "Group totals by",
      GROUPS.map(([key, text]) => [key, text, href(["totals"], { ...query, groupBy: key })]),
      groupBy,
    ),
    filterForm(route, groupBy),
    body,
  );
  return { title, content };
}

/**
 * A group with no US$ money, said in words rather than as US$0: its figures have no exchange rate yet, or (for a
 * party) its deals name none. Only a party that funds, leads, lends or governs has a row here (a technology
 * partner or an operator is counted in GET /parties, not credited), so a party row with no money is one whose
 * deals name none.
 */
function noFigure(groupBy: string, row: TotalsRow): string | undefined {
  const nothing = /^0+$/.test(row.usdLow) && (row.usdHigh === null ? false : /^0+$/.test(row.usdHigh));
  if (!nothing || Number(row.count) === 0) return undefined;
  if (Number(row.unconverted) > 0) return `no US$ figure: ${row.unconverted} with no exchange rate on record`;
  if (groupBy !== "party") return undefined;
  return `no figure stated in ${row.count} deal${row.count === "1" ? "" : "s"}`;
}

function sorted(rows: TotalsRow[]): TotalsRow[] {
  const size = (row: TotalsRow) => Number(row.usdLow) || Number(row.usdHigh ?? 0);
  return [...rows].sort((a, b) =>
    a.key.length === 4 && b.key.length === 4 ? a.key.localeCompare(b.key) : size(b) - size(a),
  );
}

async function partyNames(): Promise<Map<string, string>> {
  const parties = await cached<Page<PartySummary>>("/parties", { limit: "100" }).catch(() => ({ items: [] }));
  return new Map(parties.items.map((party) => [party.slug, party.name]));
}

function groupLabel(groupBy: string, key: string, names: Map<string, string>): string {
  if (groupBy === "country") return countryName(key);
  if (groupBy === "category") return categoryLabel(key);
  if (groupBy === "party") return names.get(key) ?? key;
  return key;
}

function filterForm(route: Route, groupBy: string): HTMLElement {
  const form = h(
    "form",
    { class: "filters compact", "aria-label": "Filter totals" },
    inputField("from", "From month", route.query.get("from"), { type: "month" }),
    inputField("to", "Until month", route.query.get("to"), { type: "month" }),
    h(
      "div",
      { class: "field checkbox" },
      h("input", {
        type: "checkbox",
        id: "f-includeEstimates",
        name: "includeEstimates",
        checked: route.query.get("includeEstimates") !== "false",
      }),
      h("label", { for: "f-includeEstimates" }, "Include analysts' estimates"),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Apply")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    location.hash = href(["totals"], {
      groupBy,
      from: String(data.get("from") ?? ""),
      to: String(data.get("to") ?? ""),
      includeEstimates: data.get("includeEstimates") ? undefined : "false",
    });
  });
  form.addEventListener("change", (event) => {
    if ((event.target as HTMLInputElement).type === "checkbox") form.requestSubmit();
  });
  return form;
}

function grandTotal(totals: Totals): HTMLElement {
  const { total } = totals;
  const count = Number(total.count);
  const breakdown = qualifierBreakdown(total);
  return h(
    "section",
    { class: "headline-figure", "aria-labelledby": "grand-total" },
    h("h2", { id: "grand-total", class: "visually-hidden" }, "Grand total"),
    h("p", { class: "big" }, totalFigure(total)),
    h(
      "p",
      {},
      `across ${count} commitment${count === 1 ? "" : "s"}, each counted once however many groups it is in`,
    ),
    breakdown.length > 0 && h("p", { class: "muted" }, `Made of: ${breakdown.join("; ")}.`),
    Number(total.unconverted) > 0 &&
      h(
        "p",
        { class: "callout" },
        // The count above includes them: they are counted, only their figures are not summed.
        `${total.unconverted} of them ${total.unconverted === "1" ? "has" : "have"} a figure with no exchange rate on record, not in these sums.`,
      ),
    !knowsQualifiers(total) &&
      h(
        "p",
        { class: "muted" },
        "This server does not report floors and ceilings apart: the figures are sums of the figures as announced, whatever their qualifier.",
      ),
  );
}

function charts(
  groupBy: string,
  rows: TotalsRow[],
  label: (key: string) => string,
  title: string,
): HTMLElement {
  const container = h(
    "div",
    { class: "charts", "aria-busy": "true" },
    h("p", { class: "muted" }, "Drawing the charts…"),
  );
  const draw = async () => {
    const { rangeChart, worldMap } = await import("../charts/index.ts");
    const width = Math.max(280, Math.min(container.clientWidth || 720, 960));
    const parts: Child[] = [];
    const chartRows = rows.map((row) => ({ ...row, label: label(row.key), note: noFigure(groupBy, row) }));
    if (groupBy === "country") {
      const map = worldMap(chartRows, { width, title: "World map of totals by country" });
      parts.push(
        h(
          "figure",
          { class: "map" },
          map.chart,
          h(
            "figcaption",
            {},
            "Totals by country. Hover a country for its figure; the table below has every digit.",
            map.unmapped.length > 0 &&
              ` Not on this map: ${map.unmapped.map((row) => countryName(row.key)).join(", ")}.`,
          ),
        ),
      );
    }
    parts.push(
      h(
        "figure",
        { class: "range-chart" },
        rangeChart(chartRows, { width, title }),
        h(
          "figcaption",
          {},
          `${title}, from floor to ceiling, on a logarithmic scale: each gridline is ten times the last.`,
        ),
      ),
    );
    replace(container, parts);
    container.removeAttribute("aria-busy");
  };
  // Drawn once the container has its width; again when the window's width changes enough to matter.
  requestAnimationFrame(() => {
    draw().catch((error: unknown) => replace(container, errorMessage(error)));
  });
  let drawnWidth = 0;
  const observer = new ResizeObserver(() => {
    if (!container.isConnected) return observer.disconnect();
    if (Math.abs(container.clientWidth - drawnWidth) < 40) return;
    drawnWidth = container.clientWidth;
    draw().catch(() => {});
  });
  observer.observe(container);
  return container;
}

function dataTable(
  groupBy: string,
  rows: TotalsRow[],
  label: (key: string) => string,
  query: Record<string, string | undefined>,
): HTMLElement {
  const listFilter = (key: string): Record<string, string> => {
    if (groupBy === "year") return { from: `${key}-01-01`, to: `${key}-12-31` };
    return { [groupBy]: key };
  };
  const period = [query.from && `from ${monthText(query.from)}`, query.to && `until ${monthText(query.to)}`]
    .filter(Boolean)
    .join(" ");
  return ledgerTable(
    `Totals by ${groupBy}${period ? `, ${period}` : ""}`,
    [
      `${groupBy.charAt(0).toUpperCase()}${groupBy.slice(1)}`,
      "Total",
      "Floor",
      "Ceiling",
      "Commitments",
      "Made of",
    ],
    rows.map((row) =>
      h(
        "tr",
        {},
        h("th", { scope: "row" }, h("a", { href: href([], listFilter(row.key)) }, label(row.key))),
        h("td", { "data-label": "Total" }, noFigure(groupBy, row) ?? totalFigure(row)),
        h("td", { "data-label": "Floor", class: "num exact-cell" }, exactMoney("USD", row.usdLow)),
        h(
          "td",
          { "data-label": "Ceiling", class: "num exact-cell" },
          row.usdHigh === null ? "open" : exactMoney("USD", row.usdHigh),
        ),
        h(
          "td",
          { "data-label": "Commitments", class: "num" },
          row.count,
          Number(row.unconverted) > 0 && ` (${row.unconverted} of them unconverted)`,
        ),
        h("td", { "data-label": "Made of" }, qualifierBreakdown(row).join("; ") || "—"),
      ),
    ),
    { showCaption: true, numeric: ["Floor", "Ceiling", "Commitments"], className: "totals" },
  );
}
