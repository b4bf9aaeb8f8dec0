import { describe, expect, it } from "vitest";
import { contractMismatches, type Exchange } from "../support/contract.ts";

const commitmentId = "cmt_01JQ0000000000000000000000";
const problem = (status: number) =>
  JSON.stringify({ type: "urn:ai-infra-tracker:problem:x", title: "x", status, detail: "x", instance: "/x" });

function exchange(
  overrides: Partial<Omit<Exchange, "headers">> & { headers?: Record<string, string> } = {},
): Exchange {
  const { headers, ...rest } = overrides;
  return {
    method: "GET",
    url: `/commitments/${commitmentId}`,
    status: 404,
    text: problem(404),
    ...rest,
    headers: new Headers({ "content-type": "application/problem+json", "x-request-id": "r1", ...headers }),
  };
}

describe("contractMismatches", () => {
  it("passes a response the document declares", () => {
    expect(contractMismatches(exchange({}))).toEqual([]);
  });

  it("refuses a status the operation does not declare", () => {
    expect(contractMismatches(exchange({ status: 418, text: problem(418) }))).toEqual([
      "GET /commitments/{id} → 418: the status is not declared",
    ]);
  });

  it("refuses a problem with a member the Problem schema does not have", () => {
    const text = JSON.stringify({ ...JSON.parse(problem(404)), secret: "x" });

    expect(contractMismatches(exchange({ text }))[0]).toMatch(/does not satisfy the schema/);
  });

  it("refuses a media type the response does not declare", () => {
    expect(contractMismatches(exchange({ headers: { "content-type": "text/plain" } }))[0]).toMatch(
      /text\/plain is not declared/,
    );
  });

  it("refuses a response without a required header, and one with an undeclared header", () => {
    const mismatches = contractMismatches({
      ...exchange({}),
      headers: new Headers({ "content-type": "application/problem+json", "x-debug": "1" }),
    });

    expect(mismatches).toEqual([
      "GET /commitments/{id} → 404: the header X-Request-Id is missing",
      "GET /commitments/{id} → 404: the header x-debug is not declared",
    ]);
  });

  it("refuses a body where the document declares none", () => {
    const deleted = exchange({ method: "DELETE", status: 204, text: "{}", headers: {} });

    expect(contractMismatches(deleted)).toEqual([
      "DELETE /commitments/{id} → 204: a body is sent where none is declared",
    ]);
  });

  it("checks a non-JSON representation by its media type only", () => {
    const csv = exchange({
      url: "/commitments?format=csv",
      status: 200,
      text: "\ufeffid\r\n",
      headers: { "content-type": "text/csv; charset=utf-8" },
    });

    expect(contractMismatches(csv)).toEqual([]);
  });

  it("leaves routes the document does not have to the fallback", () => {
    expect(contractMismatches(exchange({ url: "/no-such-route", status: 404 }))).toEqual([]);
  });
});
