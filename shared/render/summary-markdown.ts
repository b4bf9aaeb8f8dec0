/** A summary as Markdown fit for a chat message or an e-mail: headings, bullets and links, no tables or HTML. */
import type { Summary } from "../domain/summary.ts";
import { isWebLink } from "./format.ts";
import { type Block, type Inline, type Line, summaryDocument } from "./summary-document.ts";

/** Backslash-escapes the punctuation Markdown would read as markup (and `<`, so no HTML gets through). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#]/g, (character) => `\\${character}`).replace(/\r?\n/g, " ");
}

/** Percent-encodes what would end or break a Markdown link destination. */
function destination(url: string): string {
  return url.replace(
    /[()<>\s]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

function inline(part: Inline): string {
  if (typeof part === "string") return escapeMarkdown(part);
  if ("strong" in part) return `**${escapeMarkdown(part.strong)}**`;
  if ("em" in part) return `_${escapeMarkdown(part.em)}_`;
  return isWebLink(part.link)
    ? `[${escapeMarkdown(part.text)}](${destination(part.link)})`
    : escapeMarkdown(`${part.text} (${part.link})`);
}

const line = (parts: Line) => parts.map(inline).join("");

function block(value: Block): string | undefined {
  switch (value.kind) {
    case "heading":
      return `## ${escapeMarkdown(value.text)}`;
    case "paragraph":
      return line(value.line);
    case "note":
      return `_${line(value.line)}_`;
    case "list":
      return value.items
        .map((item, index) => `${value.ordered ? `${index + 1}.` : "-"} ${line(item)}`)
        .join("\n");
    case "chart":
      // The figures follow as a list; a chart is for the HTML page.
      return undefined;
  }
}

export function summaryMarkdown(summary: Summary): string {
  const document = summaryDocument(summary);
  const blocks = document.blocks.map(block).filter((text): text is string => text !== undefined);
  return `${[`# ${escapeMarkdown(document.title)}`, line(document.subtitle), ...blocks].join("\n\n")}\n`;
}
