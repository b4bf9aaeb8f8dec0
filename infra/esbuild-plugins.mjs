// esbuild plugins for every function SST bundles (see infra/functions.ts) and for the cold-start bench.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/**
 * zod's classic API re-exports all of its ~40 locales (about 320 KB minified, 40% of a handler's bundle) though
 * only English is ever configured. Resolve the locale index to English alone; nothing here uses another locale.
 */
export const zodEnglishOnly = {
  name: "zod-english-only",
  setup(build) {
    const locales = join(dirname(require.resolve("zod/package.json")), "v4", "locales");
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.startsWith(dirname(locales))
        ? { path: "zod-locales-en", namespace: "zod-locales" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, () => ({
      contents: `export { default as en } from ${JSON.stringify(join(locales, "en.js"))};`,
      loader: "js",
      resolveDir: locales,
    }));
  },
};

export default [zodEnglishOnly];
