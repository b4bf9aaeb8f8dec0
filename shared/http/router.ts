/** Matches a method and path against the route table the way API Gateway does: static segments win over {params}. */
import type { RouteSpec } from "./route.ts";
import { inMatchOrder, matchIn, type RouteMatch } from "./route-match.ts";
import { routeList } from "./routes.ts";

export type { RouteMatch } from "./route-match.ts";

const ordered = inMatchOrder(routeList);

export function matchRoute(method: string, path: string, table: readonly RouteSpec[] = ordered): RouteMatch {
  return matchIn(table, method, path);
}
