/** POST /drafts in the route table. */

import { extractInput } from "../../extract/index.ts";
import * as z from "../../zod.ts";
import { route } from "../route.ts";
import { auth, invalid } from "../route-parts.ts";

export const createDraftsRoute = route({
  method: "POST",
  path: "/drafts",
  file: "functions/drafts/create.ts",
  scope: "write",
  summary:
    "Draft commitments from an announcement's text (Korean or English): figures with their qualifiers, dates, parties, capacity and evidence; stores nothing",
  body: extractInput,
  responses: {
    200: {
      description:
        "the drafts, the exchange rates the text implies, and the figures judged not to be commitments",
      schema: z
        .object({
          drafts: z.array(
            z.object({
              commitment: z.record(z.string(), z.unknown()),
              missing: z.array(z.string()),
              problems: z.array(z.object({ path: z.string(), message: z.string() })),
              evidence: z.record(z.string(), z.unknown()),
              partySlugs: z.record(z.string(), z.string()),
              partOf: z.nullable(z.number().check(z.int())),
              announcedOnFrom: z.nullable(z.string()),
            }),
          ),
          impliedRates: z.array(z.record(z.string(), z.unknown())),
          ignored: z.array(z.record(z.string(), z.unknown())),
          notes: z.array(z.string()),
        })
        .register(z.globalRegistry, { id: "Drafts" }),
    },
    ...invalid,
    ...auth,
  },
});
