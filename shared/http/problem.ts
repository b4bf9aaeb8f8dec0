/** RFC 9457 problem details: the only shape in which errors leave the API. */
import { type FieldError, TrackerError } from "../errors.ts";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  requestId?: string;
  [extension: string]: unknown;
}

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
