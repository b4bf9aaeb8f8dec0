/**
 * The local stand-in for API Gateway's routing: every route of the route table is served by the handler module
 * its `file` names (the very module Lambda runs), bound to the stack's deps; anything else goes to the
 * `$default` fallback. Used by the HTTP server and by the seed, so both take the path a deployed request takes.
 */
import { access } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Deps } from "../../shared/deps.ts";
import type { HttpHandler, LambdaHttpHandler } from "../../shared/http/handler.ts";
import { type RouteSpec, routeKey } from "../../shared/http/route.ts";
import { matchRoute } from "../../shared/http/router.ts";
import { fallbackRoute, routeList } from "../../shared/http/routes.ts";
import { type LocalRequest, splitTarget, toApiGatewayEvent } from "./event.ts";

/** The project root: handler files in the route table are relative to it. */
export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface LocalApp {
  /** Routes, invokes and answers one request, as API Gateway would. */
  handle(request: LocalRequest): Promise<APIGatewayProxyStructuredResultV2>;
}

export interface LocalAppOptions {
  deps: Deps;
  /** Default: every route of the route table. A subset is matched in the order given (static paths first). */
  routes?: readonly RouteSpec[];
}

/** Imports every route's handler up front, so a missing or broken handler file fails at start, by name. */
export async function loadApp({ deps, routes = routeList }: LocalAppOptions): Promise<LocalApp> {
  const missing: string[] = [];
  for (const file of [...routes.map((route) => route.file), fallbackRoute.file]) {
    try {
      await access(new URL(file, pathToFileURL(projectRoot)));
    } catch {
      missing.push(file);
    }
  }
  if (missing.length > 0)
    throw new Error(
      `the route table names handler files that do not exist: ${[...new Set(missing)].join(", ")}`,
    );

  const handlers = new Map<RouteSpec, LambdaHttpHandler>();
  for (const route of routes) {
    const handler = (await importHandler(route.file)) as Partial<HttpHandler>;
    if (typeof handler.withDeps !== "function")
      throw new Error(`${route.file}: its handler was not made with httpHandler() (no .withDeps)`);
    handlers.set(route, handler.withDeps(deps));
  }
  const fallbackModule = (await importHandler(fallbackRoute.file)) as Partial<HttpHandler>;
  if (typeof fallbackModule.withDeps !== "function")
    throw new Error(`${fallbackRoute.file}: its handler has no .withDeps`);
  const fallback = fallbackModule.withDeps(deps);

  return {
    async handle(request) {
      const { rawPath } = splitTarget(request.url);
      const match =
        routes === routeList
          ? matchRoute(request.method, rawPath)
          : matchRoute(request.method, rawPath, routes);
      const route = match.kind === "found" ? match.route : undefined;
      const event: APIGatewayProxyEventV2 = toApiGatewayEvent(
        request,
        route && match.kind === "found"
          ? { routeKey: routeKey(route), pathParameters: match.params }
          : { routeKey: "$default" },
      );
      const handler = (route && handlers.get(route)) ?? fallback;
      try {
        return await handler(event);
      } catch (error) {
        // What API Gateway answers when the integration itself fails.
        console.error(`${event.routeKey}: the handler threw`, error);
        return {
          statusCode: 500,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ message: "Internal Server Error" }),
        };
      }
    },
  };
}

async function importHandler(file: string): Promise<unknown> {
  const module: { handler?: unknown } = await import(new URL(file, pathToFileURL(projectRoot)).href);
  if (typeof module.handler !== "function")
    throw new Error(`${file} does not export a function named handler`);
  return module.handler;
}
