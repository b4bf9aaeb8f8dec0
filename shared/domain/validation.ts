/** Rules every input schema follows, whatever it validates. */
import type { z } from "zod";

/**
 * Params for a check that reads more than one field: it runs only when every field passed its own checks. zod 4
 * runs an object's refinements even after a field's refinement failed (such issues let parsing go on), handing
 * them the raw value ("abc" where a decimal belongs), so a cross-field check would read what was refused.
 */
export const afterFields = { when: (payload: z.core.ParsePayload) => payload.issues.length === 0 };
