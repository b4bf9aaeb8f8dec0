/** Text from the ledger (titles, notes, source names) made safe to lay out: one line, nothing invisible. */

// C0 and C1 controls, line and paragraph separators: a lone carriage return in a title must not start a new
// Markdown block or a new line of a feed.
const CONTROLS = /[\p{Cc}\u2028\u2029]+/gu;
// In a `u` pattern a surrogate matches only when it is half of no pair; XML refuses those and two non-characters.
const BROKEN = /[\ud800-\udfff\ufffe\uffff]/gu;

/** "a\rb\u0000c" → "a b c": control characters collapse into one space; broken UTF-16 becomes U+FFFD. */
export function singleLine(text: string): string {
  return text.replace(CONTROLS, " ").replace(BROKEN, "\ufffd");
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML or XML, content and quoted attributes alike (line breaks are kept). */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] as string);
}
