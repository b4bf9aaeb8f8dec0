/** PUT /parties/{slug} in the route table. */

import { partySchema } from "../../parties/reads.ts";
import { partySlug, registryInput } from "../../parties/registry.ts";
import * as z from "../../zod.ts";
import { route } from "../route.ts";
import { auth, created, invalid, problemResponse } from "../route-parts.ts";

export const putPartyRoute = route({
  method: "PUT",
  path: "/parties/{slug}",
  file: "functions/parties/put.ts",
  scope: "admin",
  summary:
    "Register a party or replace its registration: canonical name, kind, aliases (any script; an alias belongs to one party only) and parent. Commitments recorded before keep their parties until their next change",
  params: z.strictObject({ slug: partySlug }),
  body: registryInput,
  responses: {
    201: created(partySchema),
    200: {
      description: "the registration was replaced",
      schema: partySchema,
      headers: { Location: { description: "the party's URL", required: true } },
    },
    ...invalid,
    ...auth,
    409: problemResponse(
      "an alias belongs to another party: `conflicts` lists each as { alias, party } with the owner's slug",
    ),
  },
});
