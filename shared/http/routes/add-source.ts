/** POST /commitments/{id}/sources in the route table. */

import { amountInput, commitmentSchema, sourceSchema } from "../../commitments/schema.ts";
import { lines } from "../../domain/validation.ts";
import * as z from "../../zod.ts";
import { byId } from "../commitment-params.ts";
import { route } from "../route.ts";
import { auth, invalid, notFound } from "../route-parts.ts";

const sourceAttachment = z
  .strictObject({
    source: sourceSchema,
    amount: z.optional(amountInput),
    note: z.optional(z.string().check(z.maxLength(1000)).check(lines)),
  })
  .register(z.globalRegistry, { id: "SourceAttachment" });

export const addSourceRoute = route({
  method: "POST",
  path: "/commitments/{id}/sources",
  file: "functions/commitments/add-source.ts",
  scope: "write",
  summary: "Attach a further source, optionally revising the figure in the same step",
  params: byId,
  body: sourceAttachment,
  responses: {
    200: { description: "the commitment", schema: commitmentSchema },
    ...invalid,
    ...auth,
    ...notFound,
  },
});
