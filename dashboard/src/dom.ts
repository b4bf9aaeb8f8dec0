/**
 * A few lines instead of a framework: elements are built with `h()` and text is always set as text, so nothing
 * the API returns is ever parsed as HTML. Pages render whole on every navigation; there is no diffing to need.
 */

export type Child = Node | string | number | false | null | undefined | Child[];
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

/** `h("a", { href: "#/" }, "Commitments")`. `on…` attributes add listeners; false/null/undefined ones are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2).toLowerCase(), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A figure short enough to scan, with every digit on hover and for screen readers (`<data>` + title). */
export function figureText(short: string, exact: string, value?: string): HTMLElement {
  return h("data", { value: value ?? exact, title: exact, class: "figure" }, short);
}

/** A link that leaves the dashboard: opens the source itself, tells no referrer. */
export function externalLink(url: string, text: string, attributes: Attributes = {}): HTMLElement {
  const safe = /^https?:\/\//i.test(url);
  return safe
    ? h("a", { href: url, rel: "noopener noreferrer external", ...attributes }, text)
    : h("span", {}, text);
}

/** A labelled definition list: `[["Announced", "22 Jan 2025"], …]`; rows without a value are left out. */
export function facts(rows: [string, Child][]): HTMLElement {
  return h(
    "dl",
    { class: "facts" },
    rows
      .filter(([, value]) => value !== undefined && value !== null && value !== false && value !== "")
      .map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, value))),
  );
}
