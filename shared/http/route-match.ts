/** Matching a method and path against routes the way API Gateway does: static segments win over {params}. */
import type { RouteSpec } from "./route.ts";

type Routed = Pick<RouteSpec, "method" | "path">;

export type RouteMatch<R extends Routed = RouteSpec> =
  | { kind: "found"; route: R; params: Record<string, string> }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "not-found" };

function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split("/");
  const have = path.split("/");
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < want.length; index++) {
    const segment = want[index] as string;
    const actual = have[index] as string;
    if (segment.startsWith("{") && segment.endsWith("}")) {
      if (actual === "") return undefined;
      try {
        params[segment.slice(1, -1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (segment !== actual) return undefined;
  }
  return params;
}

/** Fewer parameters first, so `/commitments/batch` beats `/commitments/{id}`. */
export function inMatchOrder<R extends Routed>(routes: readonly R[]): R[] {
  return [...routes].sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0));
}

/** The first route of `table` (in match order) for the method and path, else which methods the path allows. */
export function matchIn<R extends Routed>(table: readonly R[], method: string, path: string): RouteMatch<R> {
  const allow = new Set<string>();
  for (const route of table) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    if (route.method === method) return { kind: "found", route, params };
    allow.add(route.method);
  }
  return allow.size > 0 ? { kind: "method-not-allowed", allow: [...allow] } : { kind: "not-found" };
}
