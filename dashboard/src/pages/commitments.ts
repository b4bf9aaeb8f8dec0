/** The ledger: every listing filter and sort of GET /commitments, kept in the URL, paged by cursor. */
import { announcedText } from "../../../shared/format/dates.ts";
import {
  CATEGORY_SLUGS,
  CONFIDENCE_SLUGS,
  categoryLabel,
  confidenceLabel,
  countryName,
  roleLabel,
  STATUS_SLUGS,
  scriptLanguage,
  statusLabel,
} from "../../../shared/format/labels.ts";
import { compact, parseShorthand } from "../../../shared/format/numbers.ts";
import { apiUrl, getJson } from "../api.ts";
import { h } from "../dom.ts";
import { announcedFigure, usdFigureElement } from "../figures.ts";
import { href, type Route } from "../route.ts";
import type { Commitment, Page, PartySummary, Totals } from "../types.ts";
import {
  cached,
  errorMessage,
  heading,
  inputField,
  ledgerTable,
  pager,
  selectField,
  type View,
} from "../view.ts";

/** The listing's parameters, in the order the form shows them. */
const FILTERS = [
  "q",
  "party",
  "country",
  "category",
  "status",
  "confidence",
  "from",
  "to",
  "minUsd",
  "maxUsd",
];
const SORTS: [string, string][] = [
  ["-announcedOn", "Newest announcement first"],
  ["announcedOn", "Oldest announcement first"],
  ["-amountUsd", "Largest in US$ first"],
  ["amountUsd", "Smallest in US$ first"],
];
const PAGE_SIZES = ["25", "50", "100"];

export async function commitmentsPage(route: Route, signal: AbortSignal): Promise<View> {
  const query = new URLSearchParams();
  for (const name of [...FILTERS, "sort", "limit", "cursor"]) {
    const value = route.query.get(name);
    if (value) query.set(name, value);
  }
  const [listing, parties, countries] = await Promise.all([
    getJson<Page<Commitment>>("/commitments", query, signal).catch((error: unknown) => error),
    cached<Page<PartySummary>>("/parties", { limit: "100" }).catch(() => ({ items: [] as PartySummary[] })),
    cached<Totals>("/totals", { groupBy: "country" }).catch(() => ({ groups: [] as { key: string }[] })),
  ]);
  const filtered = FILTERS.some((name) => route.query.has(name));
  const title = filtered ? "Commitments (filtered)" : "Commitments";
  const content = h(
    "div",
    {},
    heading("Commitments"),
    h(
      "p",
      { class: "lede" },
      "AI-infrastructure investment commitments as announced, each figure traced to its sources. Filter and sort; the address keeps your view, so it can be shared.",
    ),
    filterForm(
      route,
      parties.items.map((party) => [party.slug, party.name]),
      countries.groups.map((group) => [group.key, countryName(group.key)]),
    ),
    listing instanceof Error ? errorMessage(listing) : results(route, query, listing as Page<Commitment>),
  );
  return { title, content };
}

function filterForm(route: Route, parties: [string, string][], countries: [string, string][]): HTMLElement {
  const value = (name: string) => route.query.get(name);
  const usd = (name: string) => {
    const raw = value(name);
    return raw && /^\d+$/.test(raw) ? compact(raw) : raw;
  };
  const byName = (a: [string, string], b: [string, string]) => a[1].localeCompare(b[1]);
  const active = FILTERS.filter((name) => route.query.has(name)).length;
  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Filter commitments" },
    inputField("q", "Search titles and parties", value("q"), {
      type: "search",
      placeholder: "e.g. Stargate, 컴퓨팅",
    }),
    selectField("party", "Party", [...parties].sort(byName), value("party")),
    selectField("country", "Country", [...countries].sort(byName), value("country")),
    selectField(
      "category",
      "Category",
      CATEGORY_SLUGS.map((slug) => [slug, categoryLabel(slug)]),
      value("category"),
    ),
    selectField(
      "status",
      "Status",
      STATUS_SLUGS.map((slug) => [slug, statusLabel(slug)]),
      value("status"),
    ),
    selectField(
      "confidence",
      "Confidence",
      CONFIDENCE_SLUGS.map((slug) => [slug, confidenceLabel(slug)]),
      value("confidence"),
    ),
    inputField("from", "Announced from", value("from"), { type: "date" }),
    inputField("to", "Announced until", value("to"), { type: "date" }),
    inputField("minUsd", "At least (US$)", usd("minUsd"), { inputmode: "decimal", placeholder: "e.g. 1B" }),
    inputField("maxUsd", "At most (US$)", usd("maxUsd"), { inputmode: "decimal", placeholder: "e.g. 500B" }),
    selectField("sort", "Sort", SORTS.slice(1), value("sort"), SORTS[0]?.[1]),
    selectField(
      "limit",
      "Per page",
      PAGE_SIZES.slice(1).map((size) => [size, size]),
      value("limit"),
      PAGE_SIZES[0],
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, "Apply filters"),
      h("a", { href: href([]) }, "Clear all"),
    ),
  );
  const apply = () => {
    const data = new FormData(form);
    const next: Record<string, string | undefined> = {};
    for (const name of [...FILTERS, "sort", "limit"]) {
      const entry = String(data.get(name) ?? "").trim();
      next[name] =
        (name === "minUsd" || name === "maxUsd") && entry ? (parseShorthand(entry) ?? entry) : entry;
    }
    location.hash = href([], next);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
  // A choice from a list applies at once; typed filters apply with Enter or the button.
  form.addEventListener("change", (event) => {
    if (event.target instanceof HTMLSelectElement || (event.target as HTMLInputElement).type === "date")
      apply();
  });
  // On a phone the filters fold away under one line; on a wider screen they are open.
  return h(
    "details",
    { class: "filter-panel", open: active > 0 || matchMedia("(min-width: 721px)").matches },
    h("summary", {}, active > 0 ? `Filters and sort (${active} active)` : "Filters and sort"),
    form,
  );
}

function results(route: Route, query: URLSearchParams, page: Page<Commitment>): HTMLElement {
  const filters = new URLSearchParams(query);
  filters.delete("cursor");
  filters.delete("limit");
  const count = page.items.length;
  const status =
    count === 0
      ? "No commitment matches these filters."
      : `Showing ${count} commitment${count === 1 ? "" : "s"}${page.nextCursor ? ", more on the next page" : ""}.`;
  return h(
    "section",
    { "aria-labelledby": "results-heading" },
    h("h2", { id: "results-heading", class: "visually-hidden" }, "Results"),
    h(
      "div",
      { class: "results-bar" },
      h("p", { role: "status", id: "results-status" }, status),
      h(
        "a",
        { href: apiUrl("/commitments", { ...Object.fromEntries(filters), format: "csv" }), download: "" },
        "Download as CSV",
      ),
    ),
    count > 0 && table(page.items),
    pager(route, page.nextCursor, "Commitments"),
  );
}

function table(items: Commitment[]): HTMLElement {
  return ledgerTable(
    "Commitments, one per row",
    ["Announced", "Commitment", "Country", "Figure as announced", "In US$", "Status"],
    items.map(row),
  );
}

function row(commitment: Commitment): HTMLElement {
  const funders = commitment.parties.filter(
    (party) => party.role !== "technology-partner" && party.role !== "operator",
  );
  const shown = funders.length > 0 ? funders : commitment.parties;
  return h(
    "tr",
    {},
    h(
      "td",
      { "data-label": "Announced" },
      announcedText(commitment.announcedOn, commitment.announcedOnPrecision),
    ),
    h(
      "th",
      { scope: "row", "data-label": "Commitment" },
      h(
        "a",
        { href: href(["commitments", commitment.id]), lang: scriptLanguage(commitment.title) },
        commitment.title,
      ),
      h(
        "span",
        { class: "parties" },
        shown
          .slice(0, 4)
          .map((party, index) => [
            index > 0 && ", ",
            h("span", { title: roleLabel(party.role), lang: scriptLanguage(party.name) }, party.name),
          ]),
        shown.length > 4 && ` and ${shown.length - 4} more`,
      ),
      // A reader adding up the list should see that this one is inside another row's figure (or counts alone).
      commitment.parentId &&
        h(
          "a",
          { class: "part-of", href: href(["commitments", commitment.parentId]) },
          "Part of a larger commitment",
        ),
      h(
        "span",
        { class: "tags" },
        commitment.categories.map((slug) => h("span", { class: "tag" }, categoryLabel(slug))),
      ),
    ),
    h("td", { "data-label": "Country" }, countryName(commitment.location.country)),
    h("td", { "data-label": "Figure", class: "num" }, announcedFigure(commitment)),
    h("td", { "data-label": "In US$", class: "num" }, usdFigureElement(commitment)),
    h("td", { "data-label": "Status" }, statusLabel(commitment.status)),
  );
}
