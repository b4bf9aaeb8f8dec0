/** What many routes declare alike: problem responses, pages, page queries and the request headers with rules. */

import { wholeNumberParam } from "../domain/validation.ts";
import * as z from "../zod.ts";
import { IDEMPOTENCY_KEY_PATTERN, IF_MATCH_PATTERN } from "./headers.ts";
import { problemSchema } from "./problem.ts";
import type { RequestHeader } from "./route.ts";

export const problemResponse = (description: string) => ({
  description,
  schema: problemSchema,
  contentType: "application/problem+json",
});

export const page = <T extends z.core.SomeType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
export const pageQuery = z.strictObject({
  limit: z._default(wholeNumberParam(1, 100), 25),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});
export const ifMatch: RequestHeader = {
  name: "If-Match",
  required: true,
  description:
    'the version the change is based on (the ETag): 3, "3" or W/"3"; missing is a 428, malformed a 400',
  pattern: IF_MATCH_PATTERN.source,
};
export const idempotencyKey: RequestHeader = {
  name: "Idempotency-Key",
  required: false,
  description:
    "repeat a create safely: the same key (1–255 visible ASCII characters) gives the same response, with Idempotent-Replayed: true",
  pattern: IDEMPOTENCY_KEY_PATTERN.source,
};

export const created = (schema: z.core.$ZodType) => ({ description: "created", schema });
export const invalid = {
  400: problemResponse("malformed request"),
  413: problemResponse("body larger than 256 KiB"),
  415: problemResponse("not application/json"),
  422: problemResponse("the body or query does not satisfy the schema"),
};
export const notFound = { 404: problemResponse("no such resource") };
export const auth = {
  401: problemResponse("missing or invalid key"),
  403: problemResponse("scope too small"),
};
/** The query of the routes that create: `allowDuplicate=true` records a duplicate anyway. */
export const createQuery = z.strictObject({ allowDuplicate: z.optional(z.enum(["true", "false"])) });
