/** A commitment's revision history, newest first, field by field in words; older ones load on request. */
import { announcedText, instantText, periodText } from "../../../shared/format/dates.ts";
import {
  categoryLabel,
  changeLabel,
  confidenceLabel,
  countryName,
  statusLabel,
} from "../../../shared/format/labels.ts";
import {
  type AmountLike,
  exactFigure,
  exactUsdFigure,
  figure,
  usdFigure,
} from "../../../shared/format/money.ts";
import { getJson } from "../api.ts";
import { type Child, externalLink, figureText, h } from "../dom.ts";
import type { Page, Party, Revision, Source } from "../types.ts";

const FIELD_LABELS: Record<string, string> = {
  amount: "Figure",
  amountUsd: "In US$",
  announcedOn: "Announced",
  announcedOnPrecision: "Date precision",
  categories: "Categories",
  confidence: "Confidence",
  description: "Description",
  location: "Where",
  parentId: "Part of",
  parties: "Parties",
  period: "Spent over",
  sources: "Sources",
  status: "Status",
  title: "Title",
};

/** The qualifiers of a record's figure before and after a revision. */
interface Qualifiers {
  before: string | undefined;
  after: string | undefined;
}

export function revisionList(id: string, first: Page<Revision>, amount: AmountLike | undefined): HTMLElement {
  // A re-conversion changes only the US$ figures, which are "up to" or "at least" as much as the figure they
  // convert. Read newest first, from the record's figure: below a change of the figure, the figure it changed from.
  let qualifier = amount?.qualifier;
  const item = (revision: Revision) => {
    const from = revision.fields.amount ? (revision.fields.amount.from as AmountLike | null) : undefined;
    const before = from === undefined ? qualifier : from?.qualifier;
    const element = revisionItem(revision, { before, after: qualifier });
    qualifier = before;
    return element;
  };
  const list = h("ol", { class: "revisions" }, first.items.map(item));
  const container = h("div", {}, list);
  let cursor = first.nextCursor;
  if (cursor) {
    const more = h("button", { type: "button" }, "Show older revisions");
    more.addEventListener("click", async () => {
      more.setAttribute("disabled", "");
      const next = await getJson<Page<Revision>>(`/commitments/${encodeURIComponent(id)}/revisions`, {
        limit: "25",
        ...(cursor ? { cursor } : {}),
      });
      list.append(...next.items.map(item));
      cursor = next.nextCursor;
      if (cursor) more.removeAttribute("disabled");
      else more.remove();
    });
    container.append(more);
  }
  return container;
}

function revisionItem(revision: Revision, qualifiers: Qualifiers): HTMLElement {
  const names = Object.keys(revision.fields);
  // A creation lists every field from nothing; its figure and sources say what was recorded.
  const shown =
    revision.change === "created" ? names.filter((name) => name === "amount" || name === "sources") : names;
  return h(
    "li",
    {},
    h(
      "p",
      { class: "revision-head" },
      h("strong", {}, `${changeLabel(revision.change)}`),
      ` · version ${revision.version} · `,
      h("time", { datetime: revision.at }, instantText(revision.at)),
    ),
    revision.note && h("p", {}, revision.note),
    revision.source && h("p", {}, "Source: ", sourceLink(revision.source)),
    shown.length > 0 &&
      h(
        "ul",
        { class: "changes" },
        shown.map((name) => {
          const change = revision.fields[name] ?? { from: null, to: null };
          const label = FIELD_LABELS[name] ?? name;
          return revision.change === "created"
            ? h("li", {}, `${label}: `, value(name, change.to, qualifiers.after))
            : h(
                "li",
                {},
                `${label}: `,
                value(name, change.from, qualifiers.before),
                " → ",
                value(name, change.to, qualifiers.after),
              );
        }),
      ),
  );
}

function sourceLink(source: Source): Child {
  return externalLink(source.url, source.title ?? source.publisher ?? source.url);
}

/** A field's value in words; anything unexpected as short JSON, so a revision never hides what changed. */
function value(name: string, raw: unknown, qualifier: string | undefined): Child {
  if (raw === null || raw === undefined) return h("em", {}, "none");
  switch (name) {
    case "amount": {
      const amount = raw as AmountLike;
      return figureText(figure(amount), exactFigure(amount), amount.high);
    }
    case "amountUsd": {
      const usd = raw as { low: string; high: string };
      return figureText(
        usdFigure(usd, qualifier ?? "exact"),
        exactUsdFigure(usd, qualifier ?? "exact"),
        usd.high,
      );
    }
    case "status":
      return statusLabel(String(raw));
    case "confidence":
      return confidenceLabel(String(raw));
    case "announcedOn":
      return announcedText(String(raw));
    case "categories":
      return (raw as string[]).map(categoryLabel).join(", ");
    case "location":
      return countryName((raw as { country: string }).country);
    case "parties":
      return (raw as Party[]).map((party) => party.name).join(", ");
    case "period":
      return periodText(raw as { start: string; end: string });
    case "sources": {
      const count = (raw as Source[]).length;
      return `${count} source${count === 1 ? "" : "s"}`;
    }
  }
  if (typeof raw === "string") return raw;
  const json = JSON.stringify(raw);
  return h("code", {}, json.length > 200 ? `${json.slice(0, 200)}…` : json);
}
