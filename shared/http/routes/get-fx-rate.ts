/** GET /fx-rates/{currency}/{date} in the route table: its spec, in a module of its own so its handler bundles only this. */
import { fxRateParams, fxRateWithHistory } from "../../domain/fx.ts";
import { route } from "../route.ts";
import { auth, notFound, problemResponse } from "../route-parts.ts";

export const getFxRateRoute = route({
  method: "GET",
  path: "/fx-rates/{currency}/{date}",
  file: "functions/fx-rates/get.ts",
  scope: "read",
  summary:
    "The rate of a currency recorded for a date, with every version: who set it, when, and from what source",
  params: fxRateParams,
  responses: {
    200: { description: "the version in force and its history, newest first", schema: fxRateWithHistory },
    422: problemResponse("not a currency or not a date"),
    ...notFound,
    ...auth,
  },
});
