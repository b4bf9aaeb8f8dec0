/**
 * Totals as floor-to-ceiling ranges on a log scale (SPEC 3.3): a filled dot at the floor, a ring at the ceiling,
 * the span between them; an open ceiling is an arrow running off the scale, a missing floor a dashed line from
 * its left edge. A log scale keeps US$1.7B readable beside US$565B, where a linear bar would be a pixel wide.
 */
import * as Plot from "@observablehq/plot";
import { isOpenEnded, type TotalsLike, totalText } from "../../../shared/format/totals.ts";
import { decades, logDomain, position, usdTick } from "./scale.ts";

export interface RangeRow extends TotalsLike {
  label: string;
  /** Words instead of a figure (a party whose deals state none). */
  note?: string | undefined;
}

interface Placed {
  label: string;
  text: string;
  exact: string;
  floor: number;
  ceiling: number | null;
  open: boolean;
}

const INK = "#1d3f6e";
const SPAN = "#8fb3dc";
const ROW_HEIGHT = 56;

export function rangeChart(rows: RangeRow[], { width, title }: { width: number; title: string }): Element {
  const placed: Placed[] = rows.map((row) => ({
    label: row.label,
    text: row.note ?? totalText(row),
    exact: `${row.label}: ${totalText(row, { exact: true })}`,
    floor: position(row.usdLow),
    ceiling: isOpenEnded(row) ? null : position(row.usdHigh),
    open: isOpenEnded(row),
  }));
  const domain = logDomain(placed.flatMap((row) => [row.floor, row.ceiling ?? 0]));
  const [left, right] = domain;
  const start = (row: Placed) => (row.floor > 0 ? row.floor : left);
  const closed = placed.filter((row) => !row.open && row.ceiling !== null && row.ceiling > 0);
  // A gridline every decade; a label on as many as fit, about 80 px each (a phone holds four).
  const labelled = new Set(decades(domain, Math.max(2, Math.floor((width - 56) / 80))));
  return Plot.plot({
    width,
    height: placed.length * ROW_HEIGHT + 44,
    marginLeft: 24,
    marginRight: 32,
    marginTop: 8,
    marginBottom: 36,
    ariaLabel: title,
    ariaDescription:
      "Each row is a range from the floor (filled dot) to the ceiling (ring); an arrow to the right edge means the ceiling is open, a dashed line from the left edge means there is no floor. Logarithmic scale.",
    x: {
      type: "log",
      domain,
      ticks: decades(domain),
      tickFormat: (value: number) => (labelled.has(value) ? usdTick(value) : ""),
      label: null,
      grid: true,
    },
    // One slot per row, each mark at its middle.
    y: { type: "point", domain: placed.map((row) => row.label), axis: null, padding: 0.5 },
    marks: [
      // The lines draw what the labels say in words (and the table in digits): hidden from screen readers.
      // The span a total covers: floor to ceiling.
      Plot.ruleY(
        closed.filter((row) => row.floor > 0 && row.ceiling !== row.floor),
        { y: "label", x1: "floor", x2: "ceiling", stroke: SPAN, strokeWidth: 6, dy: 8, ariaHidden: "true" },
      ),
      // No floor ("up to" only): dashed from the edge of the scale.
      Plot.ruleY(
        closed.filter((row) => row.floor === 0),
        {
          y: "label",
          x1: left,
          x2: "ceiling",
          stroke: SPAN,
          strokeWidth: 3,
          strokeDasharray: "4 4",
          dy: 8,
          ariaHidden: "true",
        },
      ),
      // An open ceiling runs off the scale.
      Plot.arrow(
        placed.filter((row) => row.open),
        {
          y1: "label",
          y2: "label",
          x1: start,
          x2: right,
          stroke: SPAN,
          strokeWidth: 3,
          headLength: 10,
          dy: 8,
          strokeDasharray: "6 3",
          ariaHidden: "true",
        },
      ),
      Plot.dot(
        placed.filter((row) => row.floor > 0),
        { y: "label", x: "floor", r: 6, fill: INK, dy: 8, title: "exact" },
      ),
      Plot.dot(
        closed.filter((row) => row.ceiling !== row.floor),
        {
          y: "label",
          x: "ceiling",
          r: 6,
          fill: "white",
          stroke: INK,
          strokeWidth: 2,
          dy: 8,
          title: "exact",
        },
      ),
      // The words above each range: "United States — at least US$565B".
      Plot.text(placed, {
        y: "label",
        x: left,
        text: (row: Placed) => `${row.label} — ${row.text}`,
        textAnchor: "start",
        dy: -10,
        fontSize: 13,
        fill: "#1a1a1a",
        lineWidth: (width - 56) / 13,
        textOverflow: "ellipsis-end",
      }),
    ],
  });
}
