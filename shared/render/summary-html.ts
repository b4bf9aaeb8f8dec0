/**
 * A summary as a standalone HTML page: the same document as the Markdown, every text escaped, with the headline
 * as its description and share card, and a bar chart that reads at any width.
 */
import type { Summary } from "../domain/summary.ts";
import { scriptLanguage } from "../format/labels.ts";
import { isPageLink, isWebLink } from "../format/links.ts";
import { escapeMarkup, singleLine } from "../format/text.ts";
import { type Bar, type Block, type Inline, type Line, summaryDocument } from "./summary-document.ts";

/** Escapes text for HTML content and quoted attributes alike, on one line. */
export function escapeHtml(text: string): string {
  return escapeMarkup(singleLine(text));
}

/** ` lang="ko"` for Korean text, so it gets a Hangul font and a Korean voice. */
const lang = (text: string) => (scriptLanguage(text) === "ko" ? ' lang="ko"' : "");

function inline(part: Inline): string {
  if (typeof part === "string") return escapeHtml(part);
  if ("strong" in part && !("link" in part))
    return `<strong${lang(part.strong)}>${escapeHtml(part.strong)}</strong>`;
  if ("em" in part) return `<em${lang(part.em)}>${escapeHtml(part.em)}</em>`;
  if ("figure" in part)
    return part.exact === part.figure
      ? escapeHtml(part.figure)
      : `<abbr title="${escapeHtml(part.exact)}">${escapeHtml(part.figure)}</abbr>`;
  if (!isPageLink(part.link)) return escapeHtml(`${part.text} (${part.link})`);
  const text = part.strong ? `<strong>${escapeHtml(part.text)}</strong>` : escapeHtml(part.text);
  const external = isWebLink(part.link) ? ' rel="noopener noreferrer"' : "";
  return `<a href="${escapeHtml(part.link)}"${lang(part.text)}${external}>${text}</a>`;
}

const line = (parts: Line) => parts.map(inline).join("");

/** Rows of the chart in px; lengths along the bar are percentages of the chart's width, whatever it is. */
const CHART = { row: 58, label: 16, value: 34, barTop: 40, bar: 14 } as const;
/** A bar (or a bar's ceiling part) shorter than this share of the largest is drawn this long, in %. */
export const MIN_BAR_PERCENT = 1;

/** Whole dollars as a BigInt: bar lengths are computed exactly, never through a float. */
const dollars = (value: string | null) => BigInt((value ?? "0").split(".")[0] || "0");

/** `value` as a percentage of `max`, to 0.01 %, at least MIN_BAR_PERCENT when it is not zero. */
function percent(value: bigint, max: bigint): number {
  if (value <= 0n || max <= 0n) return 0;
  return Math.max(Number((value * 10000n) / max) / 100, MIN_BAR_PERCENT);
}

/**
 * Horizontal bars on a linear scale, their lengths in percent of the chart's width (no viewBox: a viewBox would
 * shrink the text with the picture, to 7 px on a phone). Each row has its name and its figure in words above the
 * bar, so nothing is cut off at any width; the floor is solid, what is only a ceiling ("up to") is light.
 */
export function barChart(title: string, bars: Bar[]): string {
  let max = 0n;
  for (const bar of bars) {
    const top = bar.ceiling === null ? dollars(bar.floor) : dollars(bar.ceiling);
    if (top > max) max = top;
  }
  const rows = bars.map((bar, index) => {
    const y = index * CHART.row;
    const floor = percent(dollars(bar.floor), max);
    const ceiling = bar.ceiling === null ? 0 : percent(dollars(bar.ceiling) - dollars(bar.floor), max);
    const rects = [
      floor > 0
        ? `<rect class="floor" x="0" y="${y + CHART.barTop}" width="${floor}%" height="${CHART.bar}"></rect>`
        : "",
      ceiling > 0
        ? `<rect class="ceiling" x="${floor}%" y="${y + CHART.barTop}" width="${Math.min(ceiling, 100 - floor)}%" height="${CHART.bar}"></rect>`
        : "",
    ];
    return [
      `<g><title>${escapeHtml(`${bar.label}: ${bar.exact}`)}</title>`,
      `<text class="label" x="0" y="${y + CHART.label}"${lang(bar.label)}>${escapeHtml(bar.label)}</text>`,
      `<text x="0" y="${y + CHART.value}">${escapeHtml(bar.text)}</text>`,
      ...rects,
      "</g>",
    ].join("");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${escapeHtml(title)}" width="100%" height="${bars.length * CHART.row}">`,
    `<title>${escapeHtml(title)}</title>`,
    ...rows,
    "</svg>",
  ].join("\n");
}

const CHART_NOTE =
  "Bars are to scale: solid is what is at least committed, light what is only a ceiling (“up to”). A bar under 1 % of the longest is drawn at 1 % so that it stays visible; its figure is written above it.";

function block(value: Block): string {
  switch (value.kind) {
    case "heading":
      return `<h2>${escapeHtml(value.text)}</h2>`;
    case "paragraph":
      return `<p>${line(value.line)}</p>`;
    case "note":
      return `<p class="note">${line(value.line)}</p>`;
    case "list": {
      const tag = value.ordered ? "ol" : "ul";
      return `<${tag}>\n${value.items.map((item) => `<li>${line(item)}</li>`).join("\n")}\n</${tag}>`;
    }
    case "chart":
      return `<figure>${barChart(value.title, value.bars)}<figcaption><strong>${escapeHtml(value.title)}.</strong> ${escapeHtml(CHART_NOTE)}</figcaption></figure>`;
  }
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans KR",sans-serif;line-height:1.5;color:#1b1f24;margin:0;background:#fafafa;overflow-wrap:anywhere}
main{max-width:52rem;margin:0 auto;padding:1rem;background:#fff}
h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.15rem;margin-top:1.75rem;border-bottom:1px solid #ddd}
.headline{font-size:1.25rem;font-weight:600}.subtitle{color:#555;margin-top:0}.note{color:#555;font-size:.9rem}
li{margin:.3rem 0}abbr[title]{text-decoration:underline dotted #999;cursor:help}
figure{margin:1rem 0}figcaption{color:#555;font-size:.85rem}
.chart{display:block;font-size:14px}.chart text{fill:#1b1f24}.chart .label{font-weight:600}
.chart .floor{fill:#2f5f94}.chart .ceiling{fill:#a9c4e2;stroke:#2f5f94;stroke-width:1}
footer{color:#555;font-size:.85rem;margin-top:2rem}`;

export interface PageOptions {
  /** "https://tracker.example": makes the links, the canonical URL and the share card absolute. */
  origin?: string | undefined;
}

/** The head's share metadata: the headline is the description, of the page and of its card. */
function shareMetadata(title: string, headline: string, canonical: string, feed: string): string {
  const meta = (attribute: string, name: string, content: string) =>
    `<meta ${attribute}="${name}" content="${escapeHtml(content)}">`;
  return [
    meta("name", "description", headline),
    `<link rel="canonical" href="${escapeHtml(canonical)}">`,
    `<link rel="alternate" type="application/atom+xml" title="Published summaries" href="${escapeHtml(feed)}">`,
    meta("property", "og:type", "article"),
    meta("property", "og:site_name", "ai-infra-tracker"),
    meta("property", "og:title", title),
    meta("property", "og:description", headline),
    meta("property", "og:url", canonical),
    meta("name", "twitter:card", "summary"),
    meta("name", "twitter:title", title),
    meta("name", "twitter:description", headline),
  ].join("\n");
}

/** The page's body, without its frame: for the page itself and for a feed entry's content. */
export function summaryBodyHtml(summary: Summary, options: PageOptions = {}): string {
  const document = summaryDocument(summary, { origin: options.origin });
  return [
    `<h1>${escapeHtml(document.title)}</h1>`,
    `<p class="subtitle">${line(document.subtitle)}</p>`,
    `<p class="headline">${escapeHtml(document.headline)}.</p>`,
    ...document.blocks.map(block),
  ].join("\n");
}

/** The page of a summary; `origin` (the site it is served from) makes every link absolute. */
export function summaryHtml(summary: Summary, options: PageOptions = {}): string {
  const origin = options.origin ?? "";
  const document = summaryDocument(summary, { origin });
  const path = `${origin}/summaries/${summary.key}`;
  const feed = `${origin}/summaries/feed.atom`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.title)} · ai-infra-tracker</title>
${shareMetadata(document.title, document.headline, `${path}?format=html`, feed)}
<style>${STYLE}</style>
</head>
<body>
<main>
${summaryBodyHtml(summary, { origin })}
<footer>Also as <a href="${escapeHtml(`${path}?format=md`)}">Markdown</a> and <a href="${escapeHtml(`${path}?format=json`)}">JSON</a>; every published summary in the <a href="${escapeHtml(feed)}">Atom feed</a> and on <a href="${escapeHtml(`${origin}/#/summaries`)}">the dashboard</a>.</footer>
</main>
</body>
</html>
`;
}
