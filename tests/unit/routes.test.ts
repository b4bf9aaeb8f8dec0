import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { routeKey } from "../../shared/http/route.ts";
import { matchRoute } from "../../shared/http/router.ts";
import { fallbackRoute, routeList, routes } from "../../shared/http/routes.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const handlerFiles = [...new Set([...routeList.map((spec) => spec.file), fallbackRoute.file])];

describe("route table", () => {
  it.each(handlerFiles)("%s exists", (file) => {
    expect(existsSync(root + file)).toBe(true);
  });

  it.each(handlerFiles)("%s exports a handler function", async (file) => {
    const module: Record<string, unknown> = await import(root + file);

    expect(typeof module.handler).toBe("function");
  });

  it("has no two routes with the same method and path", () => {
    const keys = routeList.map(routeKey);

    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });
});

describe("matchRoute", () => {
  it("finds a static route", () => {
    const match = matchRoute("GET", "/health");

    expect(match).toMatchObject({ kind: "found", route: routes.health, params: {} });
  });

  it("finds a route with a path parameter and decodes it", () => {
    const match = matchRoute("GET", "/parties/soci%C3%A9t%C3%A9-g%C3%A9n%C3%A9rale");

    expect(match).toMatchObject({
      kind: "found",
      route: routes.getParty,
      params: { slug: "société-générale" },
    });
  });

  it("resolves POST /commitments/batch to the batch route, not /commitments/{id}", () => {
    const match = matchRoute("POST", "/commitments/batch");

    expect(match).toMatchObject({ kind: "found", route: routes.batchCommitments });
  });

  it("answers method-not-allowed with the methods the path has", () => {
    const match = matchRoute("PUT", "/commitments/cmt_01JHQ4V6Z9X8Y7W6V5T4S3R2Q1");

    expect(match.kind === "method-not-allowed" && [...match.allow].sort()).toEqual([
      "DELETE",
      "GET",
      "PATCH",
    ]);
  });

  it("answers method-not-allowed on a static path with its one method", () => {
    expect(matchRoute("DELETE", "/health")).toEqual({ kind: "method-not-allowed", allow: ["GET"] });
  });

  it("answers not-found for an unknown path", () => {
    expect(matchRoute("GET", "/nothing-here")).toEqual({ kind: "not-found" });
  });

  it("answers not-found when a path has a segment too many", () => {
    expect(matchRoute("GET", "/health/extra")).toEqual({ kind: "not-found" });
  });

  it("does not match an empty path parameter", () => {
    expect(matchRoute("GET", "/parties/")).toEqual({ kind: "not-found" });
  });

  it("does not match a path parameter that is not valid percent-encoding", () => {
    expect(matchRoute("GET", "/parties/%E0%A4%A")).toEqual({ kind: "not-found" });
  });
});
