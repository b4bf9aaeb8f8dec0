/** A summary as Markdown fit for a chat message or an e-mail: headings, bullets and links, no tables or HTML. */
import type { Summary } from "../domain/summary.ts";
import { isPageLink } from "../format/links.ts";
import { singleLine } from "../format/text.ts";
import {
  type Block,
  type DocumentOptions,
  type Inline,
  type Line,
  summaryDocument,
} from "./summary-document.ts";

/**
 * Backslash-escapes the punctuation Markdown would read as markup (`<` so that no HTML gets through, `&` so that
 * no entity does), on one line: a carriage return or a line separator in a title cannot start a block.
 */
export function escapeMarkdown(text: string): string {
  return singleLine(text).replace(/[\\`*_[\]<>|~#&!]/g, (character) => `\\${character}`);
}

/** Percent-encodes what would end or break a Markdown link destination. */
function destination(url: string): string {
  return singleLine(url).replace(
    /[()<>\\\s]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

function inline(part: Inline): string {
  if (typeof part === "string") return escapeMarkdown(part);
  if ("strong" in part && !("link" in part)) return `**${escapeMarkdown(part.strong)}**`;
  if ("em" in part) return `_${escapeMarkdown(part.em)}_`;
  // No hover in a chat message: the short figure, every digit one click away on the record's page.
  if ("figure" in part) return escapeMarkdown(part.figure);
  if (!isPageLink(part.link)) return escapeMarkdown(`${part.text} (${part.link})`);
  const link = `[${escapeMarkdown(part.text)}](${destination(part.link)})`;
  return part.strong ? `**${link}**` : link;
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

/** The Markdown of a summary; `origin` (the site it is served from) makes every link absolute. */
export function summaryMarkdown(summary: Summary, options: DocumentOptions = {}): string {
  const document = summaryDocument(summary, options);
  const blocks = document.blocks.map(block).filter((text): text is string => text !== undefined);
  const head = [
    `# ${escapeMarkdown(document.title)}`,
    line(document.subtitle),
    `**${escapeMarkdown(document.headline)}.**`,
  ];
  return `${[...head, ...blocks].join("\n\n")}\n`;
}
