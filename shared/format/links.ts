/** Links as a page prints them: only http(s) becomes a link, and a source without a name reads as its host. */

/** Only http(s) URLs are ever rendered as links; anything else (javascript:, data:) stays text. */
export function isWebLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:";
  } catch {
    return false;
  }
}

/** "https://it.donga.com/108400/" → "it.donga.com"; what is not a URL is returned as it is. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

/** A source's name: its publisher, else its title, else the host of its URL. */
export function sourceName(source: {
  url: string;
  publisher?: string | undefined;
  title?: string | undefined;
}) {
  return source.publisher ?? source.title ?? hostOf(source.url);
}

/** What a page may link to: an http(s) URL, or a path on its own site ("/#/commitments/…"), never "//host". */
export function isPageLink(url: string): boolean {
  return isWebLink(url) || /^\/(?!\/)/.test(url);
}
