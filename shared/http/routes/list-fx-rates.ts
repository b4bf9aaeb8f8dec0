/** GET /fx-rates in the route table: its spec, in a module of its own so its handler bundles only this. */
import { fxRateQuery, fxRateSchema } from "../../domain/fx.ts";
import { route } from "../route.ts";
import { auth, page } from "../route-parts.ts";

export const listFxRatesRoute = route({
  method: "GET",
  path: "/fx-rates",
  file: "functions/fx-rates/list.ts",
  scope: "read",
  summary: "Exchange rates in force (each with its kind and version), newest first per currency",
  query: fxRateQuery,
  responses: { 200: { description: "a page", schema: page(fxRateSchema) }, ...auth },
});
