/** POST /commitments in the route table: its spec, in a module of its own so its handler bundles only this. */
import { commitmentInput, commitmentSchema } from "../../commitments/schema.ts";
import { route } from "../route.ts";
import { auth, created, createQuery, idempotencyKey, invalid, problemResponse } from "../route-parts.ts";

export const createCommitmentRoute = route({
  method: "POST",
  path: "/commitments",
  file: "functions/commitments/create.ts",
  scope: "write",
  summary: "Record a commitment",
  body: commitmentInput,
  query: createQuery,
  headers: [idempotencyKey],
  responses: {
    201: created(commitmentSchema),
    ...invalid,
    ...auth,
    409: problemResponse(
      "a commitment with the same fingerprint exists (its id is in `existingId`), or commitments like this one (same currency, a figure within 5 %, announced at most a month apart, a shared funder, lead or government party or the same country) exist: they are listed in `candidates`",
    ),
  },
});
