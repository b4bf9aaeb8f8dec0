// esbuild plugins for every function SST bundles (see infra/functions.ts) and for the cold-start bench.
// SST runs them in a `node` of its own that offers only onResolve, onLoad and onEnd, and calls every callback whose
// filter matches, whatever its namespace: so a callback checks its namespace itself, and these plugins use neither
// `build.resolve` nor `build.esbuild` (esbuild is imported), nor plugin data.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { build as bundle } from "esbuild";

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
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) =>
      args.namespace === "zod-locales"
        ? {
            contents: `export { default as en } from ${JSON.stringify(join(locales, "en.js"))};`,
            loader: "js",
            resolveDir: locales,
          }
        : undefined,
    );
  },
};

/**
 * Modules whose exports are data derived from the route table: the OpenAPI document and the routes' methods and
 * paths. A bundle holds their values, computed here at build time from the modules themselves (one source), and
 * not the schemas and code that compute them; as Brotli-compressed JSON, since the document is 400 KB of JSON but
 * 11 KB compressed. Run unbundled (tests, the local stack), they compute as they load.
 */
const COMPUTED_AT_BUILD = /\/shared\/http\/(openapi-served|route-keys)\.ts$/;

/**
 * The module's exports as JSON, with the files they were built from (which a rebuild watches): the module is
 * bundled on its own with a few lines that print its exports, and run by a `node` of its own, so that its schemas
 * never meet the bundler's (zod keeps one registry per process).
 */
async function evaluate(path) {
  const result = await bundle({
    stdin: {
      contents: `import { isDeepStrictEqual } from "node:util";
        import * as computed from ${JSON.stringify(path)};
        const exports = {};
        for (const [name, value] of Object.entries(computed)) {
          exports[name] = JSON.stringify(value);
          if (exports[name] === undefined || !isDeepStrictEqual(JSON.parse(exports[name]), value))
            throw new Error(\`the export \${name} is not plain JSON data\`);
        }
        process.stdout.write(JSON.stringify(exports));`,
      resolveDir: dirname(path),
      sourcefile: `${path}.computed.js`,
    },
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    target: "node20",
    // So that bundled CommonJS can still `require` Node's built-ins.
    banner: {
      js: `import { createRequire } from "node:module"; const require = createRequire(${JSON.stringify(path)});`,
    },
    plugins: [zodEnglishOnly],
    metafile: true,
    logLevel: "silent",
  });
  const stdout = await run(result.outputFiles[0].text);
  return {
    exports: JSON.parse(stdout),
    inputs: Object.keys(result.metafile.inputs)
      .filter((input) => !input.startsWith("<stdin>"))
      .map((input) => resolve(input)),
  };
}

/** Runs an ES module (given as text) with this process's `node`; its standard output. */
function run(code) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--input-type=module"], { stdio: ["pipe", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => err.push(chunk));
    child.on("error", fail);
    child.on("close", (status) =>
      status === 0
        ? done(Buffer.concat(out).toString())
        : fail(new Error(`computing at build time failed:\n${Buffer.concat(err).toString()}`)),
    );
    child.stdin.end(code);
  });
}

export const computedAtBuild = {
  name: "computed-at-build",
  setup(build) {
    build.onLoad({ filter: COMPUTED_AT_BUILD }, async (args) => {
      const { exports, inputs } = await evaluate(args.path);
      const lines = Object.entries(exports).map(([name, json]) => {
        const packed = brotliCompressSync(json, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: json.length },
        }).toString("base64");
        return `export const ${name} = JSON.parse(brotliDecompressSync(Buffer.from("${packed}", "base64")).toString());`;
      });
      return {
        contents: ['import { brotliDecompressSync } from "node:zlib";', ...lines].join("\n"),
        loader: "js",
        watchFiles: inputs,
      };
    });
  },
};

/** `import * as z from "…/zod.ts"`: the schema modules' one way to zod (shared/zod.ts). */
const ZOD_IMPORT = /^import \* as z from "(?:\.\.?\/)+zod\.ts";$/m;

/** Whether an expression is a chain of calls and property reads on the identifier `z` (`z.string().check(…)`). */
function builtWithZod(ts, node) {
  let expression = node;
  while (ts.isCallExpression(expression) || ts.isPropertyAccessExpression(expression))
    expression = expression.expression;
  return ts.isIdentifier(expression) && expression.text === "z";
}

/**
 * A module's schemas are built when it loads (`export const isoDate = z.string().check(…)`), and a call may have
 * side effects for all esbuild knows, so a bundle kept every schema of every module it imported anything from. Marks
 * each top-level `const` built with zod as pure (an annotated arrow called at once), so that a bundle keeps only
 * the schemas its handler reaches. Building a schema has no effect but the schema itself, and registering its
 * OpenAPI metadata, which only the document reads, and the document is computed apart (computedAtBuild above).
 */
export const pureSchemas = {
  name: "pure-schemas",
  setup(build) {
    const ts = require("typescript");
    build.onLoad({ filter: /\/shared\/.*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      if (!ZOD_IMPORT.test(text)) return undefined;
      const file = ts.createSourceFile(args.path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
      const schemas = file.statements
        .filter((statement) => ts.isVariableStatement(statement))
        .flatMap((statement) => statement.declarationList.declarations)
        .map((declaration) => declaration.initializer)
        .filter(
          (initializer) => initializer && ts.isCallExpression(initializer) && builtWithZod(ts, initializer),
        );
      let contents = text;
      for (const schema of schemas.reverse()) {
        const [start, end] = [schema.getStart(file), schema.getEnd()];
        contents = `${contents.slice(0, start)}/* @__PURE__ */ (() => ${contents.slice(start, end)})()${contents.slice(end)}`;
      }
      return { contents, loader: "ts" };
    });
  },
};

/**
 * lib-dynamodb's index re-exports its paginators, each built when it loads (`createPaginator(…)`), which esbuild
 * must keep, and with them the Scan and Query commands and their schemas (about 3 KB). Nothing here paginates
 * through them: mark the pagination modules free of side effects, so that a bundle drops them unless it uses one.
 */
export const unusedPaginatorsDropped = {
  name: "unused-paginators-dropped",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/(pagination|Interfaces|\w+Paginator|PaginatedBatchGet)$/ }, (args) => {
      if (!/[\\/]@aws-sdk[\\/]lib-dynamodb[\\/]dist-es[\\/]/.test(args.importer)) return undefined;
      const base = resolve(dirname(args.importer), args.path);
      const path = [`${base}.js`, join(base, "index.js")].find((candidate) => existsSync(candidate));
      return path ? { path, sideEffects: false } : undefined;
    });
  },
};

/**
 * The SDK's default credential chain (`@aws-sdk/credential-provider-node`) bundles every way of finding credentials
 * a laptop or a server might need: shared config and SSO files, processes, web identity, containers, instance
 * metadata, and the STS, SSO and sign-in clients some of them call (134 KB of a 394 KB handler). A Lambda
 * function, deployed or run by `sst dev`, is given its role's credentials in the environment, the first link of
 * that chain and the only one it ever takes. Bundles resolve the chain to that link alone. The local stack and the
 * tests run unbundled and pass their credentials explicitly (shared/deps.ts).
 */
export const credentialsFromEnvironment = {
  name: "credentials-from-environment",
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, (args) => ({
      path: args.path,
      namespace: "credentials-from-environment",
    }));
    build.onLoad({ filter: /.*/, namespace: "credentials-from-environment" }, (args) =>
      args.namespace === "credentials-from-environment"
        ? {
            contents: `import { fromEnv } from "@aws-sdk/credential-provider-env";
export const defaultProvider = (init) => fromEnv(init);`,
            loader: "js",
            resolveDir: dirname(require.resolve("@aws-sdk/credential-provider-node/package.json")),
          }
        : undefined,
    );
  },
};

export default [
  zodEnglishOnly,
  computedAtBuild,
  pureSchemas,
  unusedPaginatorsDropped,
  credentialsFromEnvironment,
];
