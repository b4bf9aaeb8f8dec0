/**
 * A setup file of the connected tests: after each test file, every response its e2e client received must agree
 * with the OpenAPI document (contract.ts), or the file fails with the list of mismatches.
 */
import { afterAll, expect } from "vitest";
import { takeMismatches } from "./contract.ts";

afterAll(() => {
  const mismatches = [...new Set(takeMismatches())];
  expect(mismatches, "responses that disagree with /openapi.json").toEqual([]);
});
