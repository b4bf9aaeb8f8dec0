/** The charts, loaded only by the pages that draw them (Plot and the atlas are most of the JavaScript). */
export { rangeChart } from "./range-chart.ts";
export { worldMap } from "./world-map.ts";
