/**
 * Views live in the URL's fragment (`#/commitments/cmt_…`, `#/?country=KR&sort=-amountUsd`): a view can be
 * shared and reloaded, any static host serves it, and the API's own paths (`/commitments`) stay JSON.
 */

export interface Route {
  /** `["commitments", "cmt_…"]`; `[]` for the commitments list. */
  path: string[];
  query: URLSearchParams;
}

export type Query = URLSearchParams | Record<string, string | undefined>;

/** Query parameters without the empty ones: a filter left blank is no filter. */
export function toParams(query: Query): URLSearchParams {
  const params = new URLSearchParams();
  const entries = query instanceof URLSearchParams ? [...query.entries()] : Object.entries(query);
  for (const [name, value] of entries) if (value !== undefined && value !== "") params.set(name, value);
  return params;
}

/** "#/totals?groupBy=country" → { path: ["totals"], query: groupBy=country }. */
export function parseHash(hash: string): Route {
  const text = hash.replace(/^#\/?/, "");
  const [pathText = "", queryText = ""] = text.split(/\?(.*)/s, 2);
  const path = pathText
    .split("/")
    .filter((segment) => segment.length > 0)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  return { path, query: new URLSearchParams(queryText) };
}

/** The fragment of a view: `href(["totals"], { groupBy: "country" })` → "#/totals?groupBy=country". Empty values are left out. */
export function href(path: string[], query: Query = {}): string {
  const search = toParams(query).toString();
  return `#/${path.map(encodeURIComponent).join("/")}${search ? `?${search}` : ""}`;
}

/** The same view with some parameters changed (undefined or "" removes one). */
export function withQuery(route: Route, changes: Record<string, string | undefined>): string {
  const query = new URLSearchParams(route.query);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === "") query.delete(name);
    else query.set(name, value);
  }
  return href(route.path, query);
}
