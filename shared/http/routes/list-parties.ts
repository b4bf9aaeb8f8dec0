/** GET /parties in the route table. */

import { wholeNumberParam } from "../../domain/validation.ts";
import { partySchema } from "../../parties/reads.ts";
import * as z from "../../zod.ts";
import { route } from "../route.ts";
import { auth, page, pageQuery } from "../route-parts.ts";

export const listPartiesRoute = route({
  method: "GET",
  path: "/parties",
  file: "functions/parties/list.ts",
  scope: "read",
  summary:
    "Registered parties and every party a commitment names, with what they fund (funder, lead, lender, government) kept apart from what they are only involved in (technology-partner, operator, other)",
  query: z.extend(pageQuery, {
    limit: z._default(wholeNumberParam(1, 100), 100),
  }),
  responses: { 200: { description: "a page", schema: page(partySchema) }, ...auth },
});
