/** Which rendering of a summary a request wants, and that rendering with its content type. */
import type { Summary, SummaryFormat } from "../domain/summary.ts";
import { summaryHtml } from "./summary-html.ts";
import { summaryMarkdown } from "./summary-markdown.ts";

export const SUMMARY_CONTENT_TYPES: Record<SummaryFormat, string> = {
  json: "application/json",
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
};

/** `?format=` wins; otherwise an Accept naming text/markdown or text/html (a browser) gets that; else JSON. */
export function summaryFormat(format: SummaryFormat | undefined, accept: string | undefined): SummaryFormat {
  if (format) return format;
  if (/(^|,)\s*text\/markdown\b/i.test(accept ?? "")) return "md";
  if (/(^|,)\s*text\/html\b/i.test(accept ?? "")) return "html";
  return "json";
}

/** The summary as the format wants it: the object itself for JSON, a string for Markdown and HTML. */
export function renderSummary(
  summary: Summary,
  format: SummaryFormat,
  options: { origin?: string | undefined } = {},
): { body: unknown; contentType?: string } {
  if (format === "md")
    return { body: summaryMarkdown(summary, options), contentType: SUMMARY_CONTENT_TYPES.md };
  if (format === "html")
    return { body: summaryHtml(summary, options), contentType: SUMMARY_CONTENT_TYPES.html };
  return { body: summary };
}
