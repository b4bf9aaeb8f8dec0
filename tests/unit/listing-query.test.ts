import { describe, expect, it } from "vitest";
import { listQuery } from "../../shared/commitments/listing.ts";

/** The distinct paths of the issues a query is refused with; [] when it is accepted. */
function refusedAt(query: Record<string, string>): string[] {
  const result = listQuery.safeParse(query);
  return result.success ? [] : [...new Set(result.error.issues.map((issue) => issue.path.join(".")))];
}

describe("listQuery", () => {
  it.each(["1.5", "x", "1e3", "-1", ""])(
    "refuses minUsd=%j beside a valid maxUsd, naming minUsd",
    (minUsd) => {
      expect(refusedAt({ minUsd, maxUsd: "2" })).toEqual(["minUsd"]);
    },
  );

  it("refuses a minUsd above maxUsd, naming maxUsd", () => {
    expect(refusedAt({ minUsd: "3", maxUsd: "2" })).toEqual(["maxUsd"]);
  });

  it("refuses an impossible from date beside a valid to, naming from", () => {
    expect(refusedAt({ from: "2025-02-30", to: "2025-01-01" })).toEqual(["from"]);
  });

  it("accepts minUsd equal to maxUsd", () => {
    expect(refusedAt({ minUsd: "2", maxUsd: "2" })).toEqual([]);
  });
});
