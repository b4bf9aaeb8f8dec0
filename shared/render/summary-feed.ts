/**
 * The published summaries as an Atom 1.0 feed (RFC 4287): one entry per stored summary, newest first; its title
 * the period, its summary the headline, its content the summary's HTML body, its link the HTML page.
 */
import type { Summary } from "../domain/summary.ts";
import { periodLabel } from "../format/dates.ts";
import { headlineText } from "../format/headline.ts";
import { escapeMarkup, singleLine } from "../format/text.ts";
import { summaryBodyHtml } from "./summary-html.ts";

/** Escapes one line of text (a title, a headline): control characters, most of which XML refuses, collapse. */
export function escapeXml(text: string): string {
  return escapeMarkup(singleLine(text));
}

export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";

/** "Weekly summary: Week 7 of 2025". */
const titleOf = (summary: Summary) =>
  `${summary.period === "weekly" ? "Weekly" : "Monthly"} summary: ${periodLabel(summary.period, summary.label)}`;

function entryXml(summary: Summary, origin: string): string {
  const page = `${origin}/summaries/${summary.key}`;
  // The body's text went through escapeHtml (one line, no controls); its line breaks are the renderer's own.
  const content = summaryBodyHtml(summary, { origin });
  return [
    "<entry>",
    `<id>${escapeXml(page)}</id>`,
    `<title>${escapeXml(titleOf(summary))}</title>`,
    `<updated>${escapeXml(summary.generatedAt)}</updated>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(`${page}?format=html`)}"/>`,
    `<link rel="alternate" type="text/markdown" href="${escapeXml(`${page}?format=md`)}"/>`,
    `<summary>${escapeXml(`${headlineText(summary.headline, summary.period, summary.final)}.`)}</summary>`,
    `<content type="html">${escapeMarkup(content)}</content>`,
    "</entry>",
  ].join("\n");
}

/** The feed of `summaries` (published ones, newest first); `updated` is the newest one's, or `now` when empty. */
export function summaryFeed(summaries: Summary[], options: { origin: string; now: Date }): string {
  const { origin } = options;
  // ISO instants sort as strings: the newest is the largest.
  const updated =
    summaries
      .map((summary) => summary.generatedAt)
      .sort()
      .at(-1) ?? options.now.toISOString();
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<id>${escapeXml(`${origin}/summaries/feed.atom`)}</id>
<title>ai-infra-tracker: published summaries</title>
<subtitle>Weekly and monthly summaries of AI-infrastructure investment commitments, with their qualifiers.</subtitle>
<updated>${escapeXml(updated)}</updated>
<link rel="self" type="application/atom+xml" href="${escapeXml(`${origin}/summaries/feed.atom`)}"/>
<link rel="alternate" type="text/html" href="${escapeXml(`${origin}/#/summaries`)}"/>
<author><name>ai-infra-tracker</name></author>
${summaries.map((summary) => entryXml(summary, origin)).join("\n")}
</feed>
`;
}
