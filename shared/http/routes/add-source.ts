/** POST /commitments/{id}/sources in the route table. */
import { z } from "zod";
import { amountInput, commitmentSchema, sourceSchema } from "../../commitments/schema.ts";
import { lines } from "../../domain/validation.ts";
import { route } from "../route.ts";
import { auth, byId, invalid, notFound } from "../route-parts.ts";

const sourceAttachment = z
  .strictObject({
    source: sourceSchema,
    amount: amountInput.optional(),
    note: z.string().max(1000).check(lines).optional(),
  })
  .meta({ id: "SourceAttachment" });

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
