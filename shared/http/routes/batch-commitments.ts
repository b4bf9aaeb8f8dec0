/** POST /commitments/batch in the route table. */
import { z } from "zod";
import { commitmentInput } from "../../commitments/schema.ts";
import { problemSchema } from "../problem.ts";
import { documentedAs, route } from "../route.ts";
import { auth, createQuery, invalid } from "../route-parts.ts";

const batchResult = z.object({
  index: z.number().int(),
  status: z.number().int(),
  id: z.string().optional(),
  result: z
    .enum(["created", "valid", "error"])
    .describe(
      "valid: a dry run's item that would be created; created: also an item created before under its key",
    ),
  error: problemSchema.optional(),
});

/** Checked one by one by the store, so that a bad item fails alone; documented as what it must be. */
const batchItem = documentedAs(z.unknown(), commitmentInput);

const batchInput = z
  .strictObject({
    items: z.array(batchItem).min(1).max(100),
    keys: z
      .array(z.string().regex(/^[\x21-\x7e]{1,200}$/, "must be 1–200 visible ASCII characters"))
      .max(100)
      .optional()
      .describe("one idempotency key per item: a rerun with the same key answers the item created before"),
  })
  .refine((batch) => batch.keys === undefined || batch.keys.length === batch.items.length, {
    message: "give one key per item",
    path: ["keys"],
  })
  .meta({ id: "BatchInput" });

export const batchCommitmentsRoute = route({
  method: "POST",
  path: "/commitments/batch",
  file: "functions/commitments/batch.ts",
  scope: "write",
  summary:
    "Record up to 100 commitments; each item succeeds or fails on its own. `keys` gives each item its own idempotency key (an import's rows); ?dryRun=true checks everything and writes nothing",
  body: batchInput,
  query: createQuery.extend({ dryRun: z.enum(["true", "false"]).optional() }),
  responses: {
    200: { description: "one result per item", schema: z.object({ results: z.array(batchResult) }) },
    ...invalid,
    ...auth,
  },
});
