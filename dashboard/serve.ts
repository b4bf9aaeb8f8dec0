/**
 * The dashboard on the local server: `/` and `/assets/*` are answered from a build made in memory on the first
 * request for them (esbuild, well under a second), so `npm start` needs no build step and never serves a stale one.
 * Everything else is the API's.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DashboardBuild } from "./build.ts";

let building: Promise<DashboardBuild> | undefined;

function dashboardBuild(): Promise<DashboardBuild> {
  building ??= import("./build.ts").then(({ buildDashboard }) => buildDashboard());
  building.catch(() => {
    building = undefined;
  });
  return building;
}

/** Whether a request is for the dashboard: GET or HEAD of `/`, `/index.html` or `/assets/…`. */
export function isDashboardRequest(method: string | undefined, url: string | undefined): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  const path = (url ?? "/").split("?")[0] ?? "/";
  return path === "/" || path === "/index.html" || path.startsWith("/assets/");
}

/** Answers a dashboard request and returns true, or returns false and leaves the request to the API. */
export async function serveDashboard(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  if (!isDashboardRequest(request.method, request.url)) return false;
  const path = (request.url ?? "/").split("?")[0] ?? "/";
  let built: DashboardBuild;
  try {
    built = await dashboardBuild();
  } catch (error) {
    console.error("dashboard: could not build it", error);
    response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    response.end(
      `The dashboard could not be built: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return true;
  }
  const file = built.files.get(path === "/" ? "/index.html" : path);
  if (!file) return false;
  response.writeHead(200, {
    "content-type": file.contentType,
    "content-length": String(file.contents.byteLength),
    "cache-control": file.immutable ? "public, max-age=31536000, immutable" : "no-cache",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
  });
  response.end(request.method === "HEAD" ? undefined : file.contents);
  return true;
}
