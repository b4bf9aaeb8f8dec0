/** What every page returns, and the pieces pages share: headings, errors, pagers, option lists. */
import { ApiError, getJson } from "./api.ts";
import { type Child, h } from "./dom.ts";
import { type Route, withQuery } from "./route.ts";

export interface View {
  /** The document title and the page's h1. */
  title: string;
  content: Node;
}

export type PageRenderer = (route: Route, signal: AbortSignal) => Promise<View>;

/** The page heading: the target of focus after a navigation (tabindex -1), so a screen reader starts there. */
export function heading(text: string, lang?: string): HTMLElement {
  return h("h1", { tabindex: "-1", lang }, text);
}

/** An API error in words, with each invalid field, announced to screen readers. */
export function errorMessage(error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  const fields = error instanceof ApiError ? error.errors : [];
  return h(
    "div",
    { class: "error", role: "alert" },
    h(
      "p",
      {},
      error instanceof ApiError && error.status === 404 ? "Not found: " : "Could not load this: ",
      message,
    ),
    fields.length > 0 &&
      h(
        "ul",
        {},
        fields.map((field) => h("li", {}, `${field.path}: ${field.message}`)),
      ),
  );
}

/** "Next page" (cursor paging) and "First page" links for a listing. */
export function pager(route: Route, nextCursor: string | null, label: string): Child {
  const onLaterPage = route.query.has("cursor");
  if (!nextCursor && !onLaterPage) return null;
  return h(
    "nav",
    { class: "pager", "aria-label": `${label} pages` },
    onLaterPage && h("a", { href: withQuery(route, { cursor: undefined }) }, "← First page"),
    nextCursor && h("a", { href: withQuery(route, { cursor: nextCursor }), rel: "next" }, "Next page →"),
  );
}

/** A labelled select whose first option means "any". */
export function selectField(
  name: string,
  label: string,
  options: [value: string, text: string][],
  value: string | null,
  anyText = "Any",
): HTMLElement {
  const known = options.some(([option]) => option === value);
  const all: [string, string][] = [
    ["", anyText],
    ...options,
    ...(value && !known ? [[value, value] as [string, string]] : []),
  ];
  return h(
    "div",
    { class: "field" },
    h("label", { for: `f-${name}` }, label),
    h(
      "select",
      { id: `f-${name}`, name },
      all.map(([option, text]) => h("option", { value: option, selected: option === (value ?? "") }, text)),
    ),
  );
}

/** A labelled input. */
export function inputField(
  name: string,
  label: string,
  value: string | null,
  attributes: Record<string, string> = {},
): HTMLElement {
  return h(
    "div",
    { class: "field" },
    h("label", { for: `f-${name}` }, label),
    h("input", { id: `f-${name}`, name, value: value ?? "", ...attributes }),
  );
}

const cache = new Map<string, Promise<unknown>>();

/** A GET whose answer is kept for the session (option lists that do not change while a person reads). */
export function cached<T>(path: string, query: Record<string, string> = {}): Promise<T> {
  const key = `${path}?${new URLSearchParams(query)}`;
  let answer = cache.get(key) as Promise<T> | undefined;
  if (!answer) {
    answer = getJson<T>(path, query);
    answer.catch(() => cache.delete(key));
    cache.set(key, answer);
  }
  return answer;
}

/** Links to the views of a page (`[key, text, href]`), the current one marked with aria-current. */
export function tabs(
  label: string,
  items: [key: string, text: string, href: string][],
  current: string,
): HTMLElement {
  return h(
    "nav",
    { class: "tabs", "aria-label": label },
    items.map(([key, text, target]) =>
      h("a", { href: target, class: "tab", "aria-current": key === current ? "page" : undefined }, text),
    ),
  );
}

/** A table of the ledger: its caption (for screen readers only unless `showCaption`), column headings, rows. */
export function ledgerTable(
  caption: string,
  columns: string[],
  rows: Node[],
  { showCaption = false, numeric = [] as string[], className = "" } = {},
): HTMLElement {
  return h(
    "table",
    { class: `ledger ${className}`.trim() },
    h("caption", { class: showCaption ? undefined : "visually-hidden" }, caption),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        columns.map((column) =>
          h("th", { scope: "col", class: numeric.includes(column) ? "num" : undefined }, column),
        ),
      ),
    ),
    h("tbody", {}, rows),
  );
}
