/** PUT /fx-rates/{currency}/{date} in the route table. */

import { fxRateInput, fxRateParams, fxRateSchema } from "../../domain/fx.ts";
import * as z from "../../zod.ts";
import { route } from "../route.ts";
import { auth, invalid, problemResponse } from "../route-parts.ts";

export const putFxRateRoute = route({
  method: "PUT",
  path: "/fx-rates/{currency}/{date}",
  file: "functions/fx-rates/put.ts",
  scope: "admin",
  summary:
    "Record the rate of a currency from a date on, as a new version (the previous ones stay readable), and re-convert the commitments it applies to",
  params: fxRateParams,
  body: fxRateInput,
  responses: {
    200: {
      description:
        "the version in force; whether this PUT made it (false when it repeats the rate in force), how many commitments were re-converted, and those that could not be, with why (the same PUT again retries them)",
      schema: z.extend(fxRateSchema, {
        changed: z.boolean(),
        reconverted: z.number().check(z.int()),
        notReconverted: z.array(z.object({ id: z.string(), detail: z.string() })),
      }),
    },
    ...invalid,
    ...auth,
    409: problemResponse("other PUTs of the same rate kept getting in first; retry"),
  },
});
