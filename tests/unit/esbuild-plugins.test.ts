import { build } from "esbuild";
import { expect, test } from "vitest";
// @ts-expect-error: a plain ES module without types, loaded by SST's bundler and the bench alike
import plugins from "../../infra/esbuild-plugins.mjs";

async function bundled(): Promise<{ locales: string[]; message: string; bytes: number }> {
  const result = await build({
    stdin: {
      contents: `import { z } from "zod";
        export const locales = Object.keys(z.locales);
        export const message = z.string().min(2).safeParse("a").error.issues[0].message;`,
      resolveDir: process.cwd(),
    },
    bundle: true,
    platform: "node",
    format: "esm",
    minify: true,
    write: false,
    plugins,
  });
  const code = result.outputFiles[0]?.text ?? "";
  const module = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  return { locales: module.locales, message: module.message, bytes: code.length };
}

test("bundles keep only zod's English locale, and zod still answers in English", async () => {
  const { locales, message } = await bundled();
  expect([locales, message]).toEqual([["en"], "Too small: expected string to have >=2 characters"]);
});
