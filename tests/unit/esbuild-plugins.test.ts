import { build } from "esbuild";
import { describe, expect, test } from "vitest";
// @ts-expect-error: a plain ES module without types, loaded by SST's bundler and the bench alike
import plugins from "../../infra/esbuild-plugins.mjs";
import { openApiDocument } from "../../shared/http/openapi.ts";
import { routeList } from "../../shared/http/routes.ts";

/** Bundles `source` the way SST does (minified, the shipped plugins), then imports the bundle. */
async function bundled(source: string): Promise<{ exports: Record<string, unknown>; inputs: string[] }> {
  const result = await build({
    stdin: { contents: source, resolveDir: process.cwd() },
    bundle: true,
    platform: "node",
    format: "esm",
    minify: true,
    write: false,
    metafile: true,
    plugins,
  });
  const code = result.outputFiles[0]?.text ?? "";
  const exports = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  return { exports, inputs: Object.keys(result.metafile.inputs) };
}

test("bundles keep only zod's English locale, and zod still answers in English", async () => {
  const { exports } = await bundled(`import { z } from "zod";
    export const locales = Object.keys(z.locales);
    export const message = z.string().min(2).safeParse("a").error.issues[0].message;`);
  expect([exports.locales, exports.message]).toEqual([
    ["en"],
    "Too small: expected string to have >=2 characters",
  ]);
});

describe("modules computed at build time", { timeout: 60_000 }, () => {
  let served: ReturnType<typeof bundled> | undefined;
  const servedBundle = () => {
    served ??= bundled(`export { servedDocument } from "./shared/http/openapi-served.ts";`);
    return served;
  };

  test("the served OpenAPI document is byte for byte the one the route table builds", async () => {
    const { exports } = await servedBundle();
    expect(JSON.stringify(exports.servedDocument)).toBe(JSON.stringify(openApiDocument()));
  });

  test("the served OpenAPI document's bundle holds neither the route table nor its schemas", async () => {
    const { inputs } = await servedBundle();
    expect(inputs.filter((input) => /shared\/(http\/routes|commitments)\b|zod\//.test(input))).toEqual([]);
  });

  test("the route keys are every route's method and path", async () => {
    const { exports } = await bundled(`export { routeKeys } from "./shared/http/route-keys.ts";`);
    const keys = (exports.routeKeys as { method: string; path: string }[]).map(
      (r) => `${r.method} ${r.path}`,
    );
    expect(keys.sort()).toEqual(routeList.map((route) => `${route.method} ${route.path}`).sort());
  });
});
