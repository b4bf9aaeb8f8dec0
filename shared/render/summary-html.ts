/** A summary as a standalone HTML page: the same document as the Markdown, escaped, with an inline SVG bar chart. */
import type { Summary } from "../domain/summary.ts";
import { isWebLink } from "./format.ts";
import { type Bar, type Block, type Inline, type Line, summaryDocument } from "./summary-document.ts";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML content and quoted attributes alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] as string);
}

function inline(part: Inline): string {
  if (typeof part === "string") return escapeHtml(part);
  if ("strong" in part) return `<strong>${escapeHtml(part.strong)}</strong>`;
  if ("em" in part) return `<em>${escapeHtml(part.em)}</em>`;
  return isWebLink(part.link)
    ? `<a href="${escapeHtml(part.link)}" rel="noopener noreferrer">${escapeHtml(part.text)}</a>`
    : escapeHtml(`${part.text} (${part.link})`);
}

const line = (parts: Line) => parts.map(inline).join("");

const CHART = { width: 720, label: 56, bar: 440, row: 28, gap: 8 } as const;

/** Whole dollars as a BigInt: bar lengths are computed exactly, never through a float. */
const dollars = (value: string) => BigInt(value.split(".")[0] || "0");

/** Horizontal bars, each proportional to its value: length = value × width ÷ the largest value. */
export function barChart(title: string, bars: Bar[]): string {
  // BigInt has no Math.max.
  let max = 0n;
  for (const bar of bars) if (dollars(bar.value) > max) max = dollars(bar.value);
  const height = bars.length * CHART.row + CHART.gap;
  const rows = bars.map((bar, index) => {
    const value = dollars(bar.value);
    const length = max === 0n ? 0 : Number((value * BigInt(CHART.bar)) / max) || (value > 0n ? 1 : 0);
    const y = index * CHART.row + CHART.gap / 2;
    return [
      `<g><title>${escapeHtml(`${bar.label}: ${bar.text}`)}</title>`,
      `<text x="0" y="${y + 18}">${escapeHtml(bar.label)}</text>`,
      `<rect x="${CHART.label}" y="${y + 4}" width="${length}" height="20" rx="2"></rect>`,
      `<text x="${CHART.label + length + CHART.gap}" y="${y + 18}">${escapeHtml(bar.text)}</text></g>`,
    ].join("");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${CHART.width} ${height}" width="${CHART.width}" height="${height}">`,
    `<title>${escapeHtml(title)}</title>`,
    ...rows,
    "</svg>",
  ].join("\n");
}

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
      return `<figure>${barChart(value.title, value.bars)}<figcaption>${escapeHtml(value.title)}</figcaption></figure>`;
  }
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans KR",sans-serif;line-height:1.5;color:#1b1f24;margin:0;background:#fafafa}
main{max-width:52rem;margin:0 auto;padding:1.5rem;background:#fff}
h1{font-size:1.6rem;margin-bottom:.25rem}h2{font-size:1.15rem;margin-top:1.75rem;border-bottom:1px solid #ddd}
.subtitle{color:#555;margin-top:0}.note{color:#555;font-size:.9rem}li{margin:.3rem 0}
figure{margin:1rem 0;overflow-x:auto}figcaption{color:#555;font-size:.85rem}
.chart text{font-size:13px;fill:#1b1f24}.chart rect{fill:#3b6ea5}`;

export function summaryHtml(summary: Summary): string {
  const document = summaryDocument(summary);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.title)} · ai-infra-tracker</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(document.title)}</h1>
<p class="subtitle">${line(document.subtitle)}</p>
${document.blocks.map(block).join("\n")}
</main>
</body>
</html>
`;
}
