import { describe, expect, it } from "vitest";
import * as errors from "../../shared/errors.ts";
import {
  type ProblemExtensions,
  problemExtensions,
  problemSchema,
  toProblem,
} from "../../shared/http/problem.ts";
import { UnsafeUrlError } from "../../shared/webhooks/address.ts";

type ErrorClass = new (message: string, options?: errors.TrackerErrorOptions) => errors.TrackerError;

const isErrorClass = (value: unknown): value is ErrorClass =>
  typeof value === "function" &&
  (value === errors.TrackerError || value.prototype instanceof errors.TrackerError);

/**
 * Every error class of the shared tree, and the one elsewhere that sets its own status (the store's conflict
 * subclasses only rename ConflictError).
 */
const errorClasses: [string, ErrorClass][] = [
  ...Object.entries(errors as Record<string, unknown>).flatMap(([name, value]): [string, ErrorClass][] =>
    isErrorClass(value) ? [[name, value]] : [],
  ),
  ["UnsafeUrlError", UnsafeUrlError],
];

/** A value for every extension member the schema declares (a test below checks none is missing). */
const everyExtension: Required<ProblemExtensions> = {
  existingId: "cmt_1",
  candidates: [
    {
      id: "cmt_2",
      title: "Stargate",
      announcedOn: "2025-01-21",
      amount: { currency: "USD", low: "500000000000", high: "500000000000", qualifier: "at-least" },
      country: "US",
      sharedParties: ["softbank-group"],
      sameCountry: true,
    },
  ],
  conflicts: [{ alias: "MS", party: "microsoft" }],
};

const fullOptions: errors.TrackerErrorOptions = {
  errors: [{ path: "amount.low", message: "must be a decimal string" }],
  extra: everyExtension,
  cause: new Error("the cause stays inside"),
};

describe("toProblem and the Problem schema", () => {
  it("has an example of every extension member", () => {
    expect(Object.keys(everyExtension).sort()).toEqual(Object.keys(problemExtensions.shape).sort());
  });

  it("knows more than a handful of error classes, so the lists below test something", () => {
    expect(errorClasses.length).toBeGreaterThan(10);
  });

  it.each(errorClasses)("%s with every member gives a problem the schema accepts", (_name, ErrorClass) => {
    const problem = toProblem(new ErrorClass("what went wrong", fullOptions), "/commitments", "req-1");

    expect(problemSchema.safeParse(problem).error?.issues).toBeUndefined();
  });

  it.each(errorClasses)("%s with no options gives a problem the schema accepts", (_name, ErrorClass) => {
    const problem = toProblem(new ErrorClass("what went wrong"), "/commitments", "req-1");

    expect(problemSchema.safeParse(problem).error?.issues).toBeUndefined();
  });

  it("gives an unexpected error a problem the schema accepts", () => {
    const problem = toProblem(new TypeError("x is undefined"), "/commitments", "req-1");

    expect(problemSchema.safeParse(problem).error?.issues).toBeUndefined();
  });

  it("sends a duplicate's existingId", () => {
    const error = new errors.DuplicateError("same fingerprint", { extra: { existingId: "cmt_1" } });

    expect(toProblem(error, "/commitments", "req-1").existingId).toBe("cmt_1");
  });

  it("refuses a member the schema does not declare, so an undeclared extension fails the tests above", () => {
    const problem = { ...toProblem(new errors.ConflictError("x"), "/commitments", "req-1"), undeclared: [] };

    expect(problemSchema.safeParse(problem).success).toBe(false);
  });
});
