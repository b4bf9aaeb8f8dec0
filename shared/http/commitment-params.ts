/** `/commitments/{id}…`: apart from route-parts.ts, so that other resources' routes skip the commitment schemas. */
import { commitmentId } from "../commitments/vocabulary.ts";
import * as z from "../zod.ts";

export const byId = z.strictObject({ id: commitmentId });
