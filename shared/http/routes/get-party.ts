/** GET /parties/{slug} in the route table. */
import { z } from "zod";
import { commitmentSchema } from "../../commitments/schema.ts";
import { partySchema } from "../../parties/reads.ts";
import { route } from "../route.ts";
import { auth, notFound, pageQuery } from "../route-parts.ts";

export const getPartyRoute = route({
  method: "GET",
  path: "/parties/{slug}",
  file: "functions/parties/get.ts",
  scope: "read",
  summary: "One party, by slug, name or alias in any script, with its commitments",
  params: z.strictObject({ slug: z.string().min(1).max(200) }),
  query: pageQuery,
  responses: {
    200: {
      description: "the party",
      schema: partySchema.extend({ items: z.array(commitmentSchema), nextCursor: z.string().nullable() }),
    },
    ...notFound,
    ...auth,
  },
});
