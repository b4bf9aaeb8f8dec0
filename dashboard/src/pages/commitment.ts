/** One commitment: its figure as announced and in US$, its sources side by side, parent and parts, revisions. */
import { acceleratorText, powerText } from "../../../shared/format/capacity.ts";
import { announcedText, dayText, instantText, periodText } from "../../../shared/format/dates.ts";
import {
  categoryLabel,
  confidenceLabel,
  countryName,
  fxKindLabel,
  languageName,
  roleLabel,
  scriptLanguage,
  statusLabel,
} from "../../../shared/format/labels.ts";
import { exactFigure, exactUsdFigure, figure, rateText, usdFigure } from "../../../shared/format/money.ts";
import { ApiError, getJson } from "../api.ts";
import { type Child, externalLink, facts, figureText, h } from "../dom.ts";
import { announcedFigure } from "../figures.ts";
import { href, type Route } from "../route.ts";
import type { Commitment, Page, Revision, Source } from "../types.ts";
import { errorMessage, heading, type View } from "../view.ts";
import { partsOf, wholesOf } from "./parts.ts";
import { revisionList } from "./revisions.ts";

export async function commitmentPage(route: Route, signal: AbortSignal): Promise<View> {
  const id = route.path[1] ?? "";
  let commitment: Commitment;
  try {
    commitment = await getJson<Commitment>(`/commitments/${encodeURIComponent(id)}`, {}, signal);
  } catch (error) {
    const title = error instanceof ApiError && error.status === 404 ? "No such commitment" : "Commitment";
    return {
      title,
      content: h(
        "div",
        {},
        heading(title),
        errorMessage(error),
        h("p", {}, h("a", { href: href([]) }, "All commitments")),
      ),
    };
  }
  const [revisions, wholes, parts] = await Promise.all([
    getJson<Page<Revision>>(
      `/commitments/${encodeURIComponent(id)}/revisions`,
      { limit: "25" },
      signal,
    ).catch((error: unknown) => error as Error),
    wholesOf(commitment, signal),
    partsOf(commitment, signal).catch((error: unknown) => error as Error),
  ]);
  const content = h(
    "article",
    { class: "commitment" },
    h("p", { class: "breadcrumb" }, h("a", { href: href([]) }, "Commitments"), " › "),
    heading(commitment.title, scriptLanguage(commitment.title)),
    headline(commitment),
    commitment.description &&
      h("p", { class: "lede", lang: scriptLanguage(commitment.description) }, commitment.description),
    details(commitment),
    sources(commitment),
    relations(commitment, wholes, parts),
    h(
      "section",
      { "aria-labelledby": "revisions-heading" },
      h("h2", { id: "revisions-heading" }, "Revision history"),
      revisions instanceof Error
        ? errorMessage(revisions)
        : revisionList(commitment.id, revisions, commitment.amount),
    ),
  );
  return { title: commitment.title, content };
}

function headline(commitment: Commitment): HTMLElement {
  const { amount, amountUsd } = commitment;
  const rate = amountUsd?.rate;
  return h(
    "div",
    { class: "headline-figure" },
    h("p", { class: "big" }, announcedFigure(commitment)),
    amount &&
      h("p", { class: "exact" }, h("span", { class: "visually-hidden" }, "Exactly: "), exactFigure(amount)),
    amount &&
      amount.currency !== "USD" &&
      h(
        "p",
        { class: "conversion" },
        amountUsd
          ? [
              // With the figure's qualifier: "≈ up to US$1.74B", never a bare US$ figure for an "up to".
              "≈ ",
              figureText(
                usdFigure(amountUsd, amount.qualifier),
                exactUsdFigure(amountUsd, amount.qualifier),
                amountUsd.high,
              ),
              ` at ${rateText(amountUsd.rate)}`,
              rate?.date && ` of ${dayText(rate.date)}`,
              rate?.kind && `, ${fxKindLabel(rate.kind)}`,
              h(
                "a",
                { href: href(["fx-rates"], { currency: amount.currency }), class: "rate-link" },
                " (all rates)",
              ),
              rate?.source && h("span", { class: "rate-source" }, `Rate source: ${rate.source}`),
              amountUsd.stale &&
                h(
                  "strong",
                  { class: "warning" },
                  " The rate is dated more than 31 days before the announcement.",
                ),
            ]
          : "No exchange rate is on record for this date, so this figure is not in the US$ totals yet (it is counted as unconverted).",
      ),
  );
}

function details(commitment: Commitment): HTMLElement {
  const { location, capacity } = commitment;
  const place = [location.site, location.region, countryName(location.country)].filter(Boolean).join(", ");
  const capacityText = [
    ...(capacity?.accelerators ?? []).map(acceleratorText),
    capacity?.powerMw !== undefined ? powerText(capacity.powerMw) : undefined,
  ].filter(Boolean);
  return h(
    "section",
    { "aria-labelledby": "details-heading" },
    h("h2", { id: "details-heading", class: "visually-hidden" }, "Details"),
    facts([
      ["Announced", announcedText(commitment.announcedOn, commitment.announcedOnPrecision)],
      ["Spent over", commitment.period ? periodText(commitment.period) : undefined],
      ["Where", h("a", { href: href([], { country: location.country }) }, place)],
      [
        "Parties",
        h(
          "ul",
          { class: "inline-list" },
          commitment.parties.map((party) =>
            h(
              "li",
              {},
              h("a", { href: href([], { party: party.slug }), lang: scriptLanguage(party.name) }, party.name),
              h("span", { class: "muted" }, ` (${roleLabel(party.role).toLowerCase()})`),
            ),
          ),
        ),
      ],
      [
        "Categories",
        h(
          "ul",
          { class: "inline-list" },
          commitment.categories.map((slug) =>
            h("li", {}, h("a", { href: href([], { category: slug }) }, categoryLabel(slug))),
          ),
        ),
      ],
      ["Capacity", capacityText.length > 0 ? capacityText.join("; ") : undefined],
      ["Status", statusLabel(commitment.status)],
      ["Confidence", confidenceLabel(commitment.confidence)],
      ["Tags", commitment.tags?.length ? commitment.tags.join(", ") : undefined],
      [
        "In the ledger",
        `since ${instantText(commitment.createdAt)}; version ${commitment.version}, last changed ${instantText(commitment.updatedAt)}`,
      ],
    ]),
  );
}

function sources(commitment: Commitment): HTMLElement {
  const count = commitment.sources.length;
  return h(
    "section",
    { "aria-labelledby": "sources-heading" },
    h("h2", { id: "sources-heading" }, count === 1 ? "Source" : `Sources (${count})`),
    commitment.sourcesDisagree &&
      h(
        "p",
        { class: "callout" },
        h("strong", {}, "Sources disagree. "),
        "They state different figures; the figure above is the one the editors chose, and each source's own is shown with it.",
      ),
    h(
      "ol",
      { class: "sources" },
      commitment.sources.map((source) => sourceItem(source, commitment)),
    ),
  );
}

function sourceItem(source: Source, commitment: Commitment): HTMLElement {
  const label = source.title ?? source.publisher ?? new URL(source.url).hostname;
  const differs =
    source.figure &&
    commitment.amount &&
    (source.figure.currency !== commitment.amount.currency ||
      source.figure.low !== commitment.amount.low ||
      source.figure.high !== commitment.amount.high ||
      source.figure.qualifier !== commitment.amount.qualifier);
  return h(
    "li",
    {},
    h(
      "p",
      { class: "source-title" },
      externalLink(source.url, label, { lang: scriptLanguage(label) }),
      source.publisher &&
        source.title && [" — ", h("span", { lang: scriptLanguage(source.publisher) }, source.publisher)],
    ),
    h(
      "p",
      { class: "muted" },
      [
        source.publishedOn && `Published ${dayText(source.publishedOn)}`,
        source.language && `in ${languageName(source.language)}`,
      ]
        .filter(Boolean)
        .join(", "),
    ),
    source.excerpt &&
      h(
        "blockquote",
        { lang: source.language ?? scriptLanguage(source.excerpt), cite: source.url },
        source.excerpt,
      ),
    source.figure &&
      h(
        "p",
        { class: differs ? "source-figure differs" : "source-figure" },
        "This source states ",
        figureText(figure(source.figure), exactFigure(source.figure), source.figure.high),
        differs ? " — not the ledger's figure." : ".",
      ),
  );
}

function relations(
  commitment: Commitment,
  { wholes, complete }: { wholes: Commitment[]; complete: boolean },
  parts: { items: Commitment[]; complete: boolean } | Error,
): HTMLElement | null {
  const partItems = parts instanceof Error ? [] : parts.items;
  if (!commitment.parentId && partItems.length === 0 && !(parts instanceof Error) && parts.complete)
    return null;
  const parent = wholes[0];
  // What a part is counted through: the first whole above it that states a figure; none, and it counts on its own.
  const through = wholes.find((whole) => whole.amount);
  const link = (other: Commitment) =>
    h(
      "li",
      {},
      h("a", { href: href(["commitments", other.id]), lang: scriptLanguage(other.title) }, other.title),
      ": ",
      announcedFigure(other),
    );
  const titleLink = (other: Commitment) => h("a", { href: href(["commitments", other.id]) }, other.title);
  const counted: Child = through
    ? through === parent
      ? ". It is counted in totals through it."
      : [". It is counted in totals through ", titleLink(through), ", which its whole is part of."]
    : complete
      ? ". Its whole states no figure, so it is counted in totals on its own."
      : ". It is counted in totals through the first commitment above it that states a figure, or on its own if none does.";
  const partsCounted: Child = commitment.amount
    ? "Its parts (counted in totals only through this commitment):"
    : through
      ? ["Its parts (counted in totals through ", titleLink(through), "):"]
      : complete
        ? "Its parts (this commitment states no figure, so each is counted in totals on its own):"
        : "Its parts (counted through the first commitment above them that states a figure, or on their own):";
  return h(
    "section",
    { "aria-labelledby": "relations-heading" },
    h("h2", { id: "relations-heading" }, "Parent and parts"),
    commitment.parentId &&
      h(
        "p",
        {},
        "Part of ",
        parent
          ? titleLink(parent)
          : h("a", { href: href(["commitments", commitment.parentId]) }, commitment.parentId),
        parent && [": ", announcedFigure(parent)],
        counted,
      ),
    partItems.length > 0 && [h("p", {}, partsCounted), h("ul", {}, partItems.map(link))],
    parts instanceof Error && errorMessage(parts),
    !(parts instanceof Error) &&
      !parts.complete &&
      h("p", { class: "muted" }, "Only the most recent commitments were searched for parts."),
  );
}
