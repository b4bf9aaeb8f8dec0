/** RFC 9457 problem details: the only shape in which errors leave the API. */
import { decimalString } from "../domain/validation.ts";
import { TrackerError } from "../errors.ts";
import * as z from "../zod.ts";

/** The members a typed error may add to its problem (`TrackerError`'s `extra`), beyond RFC 9457's own. */
export const problemExtensions = z.strictObject({
  existingId: z.optional(z.string()).register(z.globalRegistry, {
    description: "on a duplicate (409): the id of the commitment this one repeats",
  }),
  candidates: z
    .optional(
      z.array(
        z.strictObject({
          id: z.string(),
          title: z.string(),
          announcedOn: z.string(),
          amount: z.strictObject({
            currency: z.string(),
            low: decimalString(),
            high: decimalString(),
            qualifier: z.string(),
          }),
          country: z.string(),
          sharedParties: z.array(z.string()),
          sameCountry: z.boolean(),
        }),
      ),
    )
    .register(z.globalRegistry, {
      description:
        "on a near-duplicate (409): the recorded commitments this one looks like, and why (shared funder, lead or government parties; the same country). Send `allowDuplicate: true` to record it anyway",
    }),
  conflicts: z
    .optional(z.array(z.strictObject({ alias: z.string(), party: z.string() })))
    .register(z.globalRegistry, {
      description: "on an alias conflict (409): each alias and the party that already holds it",
    }),
});
export type ProblemExtensions = z.infer<typeof problemExtensions>;

const fieldError = z.strictObject({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldError>;

/** Every member the API sends in a problem: a response with any other fails the schema. */
export const problemSchema = z
  .strictObject({
    type: z.string(),
    title: z.string(),
    status: z.number().check(z.int()),
    detail: z.optional(z.string()),
    instance: z.optional(z.string()),
    errors: z
      .optional(z.array(fieldError))
      .register(z.globalRegistry, { description: "one entry per invalid field (422)" }),
    requestId: z.optional(z.string()).register(z.globalRegistry, {
      description: "on a server-side error (5xx): the id to quote when reporting it",
    }),
    ...problemExtensions.shape,
  })
  .register(z.globalRegistry, { id: "Problem" });
export type Problem = z.infer<typeof problemSchema>;

export function problemType(slug: string): string {
  return `urn:ai-infra-tracker:problem:${slug}`;
}

/** The problem a typed error stands for; anything else is a bare 500 that names only the request id. */
export function toProblem(error: unknown, instance: string, requestId: string): Problem {
  if (!(error instanceof TrackerError))
    return {
      type: problemType("internal-error"),
      title: "Internal error",
      status: 500,
      detail: `something went wrong on our side; quote request id ${requestId}`,
      instance,
      requestId,
    };
  const base = {
    type: problemType(error.type),
    title: error.title,
    status: error.status,
    detail: error.message,
    instance,
  };
  // A client error says what to fix; a server-side one only how to refer to it.
  if (error.status >= 500) return { ...base, requestId };
  return { ...base, ...(error.errors ? { errors: error.errors } : {}), ...error.extra };
}
