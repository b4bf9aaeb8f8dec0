/**
 * Totals by country on a world map: Natural Earth 1:110m (world-atlas, bundled, nothing fetched), Equal Earth
 * projection from d3-geo, drawn by Plot's geo mark; shade on a log scale by the figure the headline names.
 */
import * as Plot from "@observablehq/plot";
import { geoCentroid, geoEqualEarth, geoPath } from "d3-geo";
import type { FeatureCollection, Geometry } from "geojson";
import { iso31661Alpha2ToNumeric } from "iso-3166/1-a2-to-1-n.js";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import atlas from "world-atlas/countries-110m.json" with { type: "json" };
import { countryName } from "../../../shared/format/labels.ts";
import { totalText } from "../../../shared/format/totals.ts";
import type { TotalsRow } from "../types.ts";
import { decades, position, usdTick } from "./scale.ts";

type Countries = FeatureCollection<Geometry, { name: string }>;
type Shape = Countries["features"][number];

const SPHERE = { type: "Sphere" } as const;

const world = atlas as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
let countries: Countries | undefined;

function countryShapes(): Countries {
  countries ??= feature(world, world.objects.countries) as Countries;
  return countries;
}

/** The figure a country is shaded by: its floor, or its ceiling when it has no floor. */
function shade(row: TotalsRow): number {
  const floor = position(row.usdLow);
  return floor > 0 ? floor : position(row.usdHigh);
}

/** How many countries are named on the map; the rest are in the tooltips and the table. */
const NAMED = 5;
/** Longitude past which a country's name is set to the left of its marker. */
const EAST = 60;

function largest<T>(items: T[], size: (item: T) => number): T[] {
  return [...items].sort((a, b) => size(b) - size(a)).slice(0, NAMED);
}

export interface WorldMap {
  chart: Element;
  /** Countries with totals that the 1:110m map does not draw (small states, several countries). */
  unmapped: TotalsRow[];
}

/** A country's totals, and words instead of a figure when it has no US$ money to show. */
export type MapRow = TotalsRow & { note?: string | undefined };

export function worldMap(rows: MapRow[], { width, title }: { width: number; title: string }): WorldMap {
  const shapes = countryShapes();
  const byNumeric = new Map<string, MapRow>();
  for (const row of rows) {
    const numeric = iso31661Alpha2ToNumeric[row.key];
    if (numeric) byNumeric.set(numeric, row);
  }
  const drawn = new Set(shapes.features.map((shape) => String(shape.id)));
  const unmapped = rows.filter((row) => !drawn.has(iso31661Alpha2ToNumeric[row.key] ?? ""));
  const rowOf = (shape: Shape) => byNumeric.get(String(shape.id));
  const withTotals = shapes.features.filter((shape) => rowOf(shape));
  const shades = rows.map(shade).filter((value) => value > 0);
  const lightest = shades.length > 0 ? Math.min(...shades) : 1e9;
  // The sphere fitted to the width gives the height: the whole world, nothing cropped.
  const projection = geoEqualEarth().fitWidth(width, SPHERE);
  const [[, top], [, bottom]] = geoPath(projection).bounds(SPHERE);
  const height = Math.ceil(bottom - top);
  const named = largest(withTotals, (shape) => shade(rowOf(shape) as TotalsRow));
  const label = (shape: Shape) => {
    const row = rowOf(shape) as MapRow;
    return `${countryName(row.key)}: ${row.note ?? totalText(row)}`;
  };
  const chart = Plot.plot({
    width,
    height,
    margin: 0,
    ariaLabel: title,
    ariaDescription:
      "Countries shaded by their total in US dollars; grey countries have no commitment in the ledger.",
    projection: { type: () => projection },
    color: {
      type: "log",
      domain: [lightest, Math.max(...shades, lightest * 10)],
      range: ["#9ec5e8", "#0b2f5e"],
      legend: true,
      label: "Total in US$ (the floor, or the ceiling where there is no floor)",
      tickFormat: usdTick,
      // The legend is 240 px wide: five labels at most.
      ticks: decades([lightest, Math.max(...shades, lightest * 10)], 5),
    },
    marks: [
      Plot.sphere({ fill: "#f4f7fb", stroke: "#c9d3df", ariaHidden: "true" }),
      Plot.geo(
        shapes.features.filter((shape) => !rowOf(shape)),
        { fill: "#dcdcdc", stroke: "white", strokeWidth: 0.5, ariaHidden: "true" },
      ),
      Plot.geo(withTotals, {
        fill: (shape: Shape) => shade(rowOf(shape) as TotalsRow),
        stroke: "#0b2f5e",
        strokeWidth: 0.8,
        title: (shape: Shape) => `${label(shape)} (${rowOf(shape)?.count} commitments)`,
      }),
      // Small countries are hard to find at this scale: each with a total has a marker, the largest are named.
      Plot.dot(
        withTotals,
        Plot.geoCentroid({ r: 3, fill: "#f2a900", stroke: "#1a1a1a", ariaHidden: "true" }),
      ),
      // Names east of 60°E read leftwards from their marker, so that none runs off the map's right edge.
      ...(["west", "east"] as const).map((side) =>
        Plot.text(
          named.filter((shape) => geoCentroid(shape)[0] > EAST === (side === "east")),
          Plot.geoCentroid({
            text: label,
            dx: side === "east" ? -6 : 6,
            textAnchor: side === "east" ? "end" : "start",
            fontSize: width < 500 ? 10 : 12,
            fontWeight: 600,
            fill: "#1a1a1a",
            stroke: "white",
            strokeWidth: 3,
          }),
        ),
      ),
    ],
  });
  return { chart, unmapped };
}
