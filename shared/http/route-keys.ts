/**
 * Every route's method and path, in match order: all the `$default` route needs to tell a 404 from a 405.
 * Bundles hold the value computed at build time (infra/esbuild-plugins.mjs), not the route table and its schemas.
 */
import { inMatchOrder } from "./route-match.ts";
import { routeList } from "./routes.ts";

export const routeKeys = inMatchOrder(routeList.map(({ method, path }) => ({ method, path })));
