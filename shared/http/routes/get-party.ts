/** GET /parties/{slug} in the route table. */

import { commitmentSchema } from "../../commitments/schema.ts";
import { partySchema } from "../../parties/reads.ts";
import * as z from "../../zod.ts";
import { route } from "../route.ts";
import { auth, notFound, pageQuery } from "../route-parts.ts";

export const getPartyRoute = route({
  method: "GET",
  path: "/parties/{slug}",
  file: "functions/parties/get.ts",
  scope: "read",
  summary: "One party, by slug, name or alias in any script, with its commitments",
  params: z.strictObject({ slug: z.string().check(z.minLength(1), z.maxLength(200)) }),
  query: pageQuery,
  responses: {
    200: {
      description: "the party",
      schema: z.extend(partySchema, { items: z.array(commitmentSchema), nextCursor: z.nullable(z.string()) }),
    },
    ...notFound,
    ...auth,
  },
});
