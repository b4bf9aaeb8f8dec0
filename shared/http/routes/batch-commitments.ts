/** POST /commitments/batch in the route table. */

import { commitmentInput } from "../../commitments/schema.ts";
import * as z from "../../zod.ts";
import { problemSchema } from "../problem.ts";
import { documentedAs, route } from "../route.ts";
import { auth, createQuery, invalid } from "../route-parts.ts";

const batchResult = z.object({
  index: z.number().check(z.int()),
  status: z.number().check(z.int()),
  id: z.optional(z.string()),
  result: z.enum(["created", "valid", "error"]).register(z.globalRegistry, {
    description:
      "valid: a dry run's item that would be created; created: also an item created before under its key",
  }),
  error: z.optional(problemSchema),
});

/** Checked one by one by the store, so that a bad item fails alone; documented as what it must be. */
const batchItem = documentedAs(z.unknown(), commitmentInput);

const batchInput = z
  .strictObject({
    items: z.array(batchItem).check(z.minLength(1), z.maxLength(100)),
    keys: z
      .optional(
        z
          .array(z.string().check(z.regex(/^[\x21-\x7e]{1,200}$/, "must be 1–200 visible ASCII characters")))
          .check(z.maxLength(100)),
      )
      .register(z.globalRegistry, {
        description:
          "one idempotency key per item: a rerun with the same key answers the item created before",
      }),
  })
  .check(
    z.refine((batch) => batch.keys === undefined || batch.keys.length === batch.items.length, {
      message: "give one key per item",
      path: ["keys"],
    }),
    // Two items under one key would be one idempotency record written twice in a transaction.
    z.refine((batch) => !Array.isArray(batch.keys) || new Set(batch.keys).size === batch.keys.length, {
      message: "keys must not repeat: each item is remembered under its own",
      path: ["keys"],
    }),
  )
  .register(z.globalRegistry, { id: "BatchInput" });

export const batchCommitmentsRoute = route({
  method: "POST",
  path: "/commitments/batch",
  file: "functions/commitments/batch.ts",
  scope: "write",
  summary:
    "Record up to 100 commitments; each item succeeds or fails on its own. `keys` gives each item its own idempotency key (an import's rows); ?dryRun=true checks everything and writes nothing",
  body: batchInput,
  query: z.extend(createQuery, { dryRun: z.optional(z.enum(["true", "false"])) }),
  responses: {
    200: { description: "one result per item", schema: z.object({ results: z.array(batchResult) }) },
    ...invalid,
    ...auth,
  },
});
