/** Text cut to fit a stored field or a key. */

const HIGH_SURROGATE_AT_END = /[\ud800-\udbff]$/;

/**
 * At most `limit` UTF-16 code units of `text` (what `.length` and the schemas count), never half of a character
 * outside the BMP: a lone surrogate is refused on input and cannot be put in a URL.
 */
export function truncate(text: string, limit: number): string {
  const cut = text.slice(0, limit);
  return HIGH_SURROGATE_AT_END.test(cut) ? cut.slice(0, -1) : cut;
}
