import { type BuildOptions, build, type Metafile, type Plugin, type PluginBuild } from "esbuild";
import { describe, expect, test } from "vitest";
import { handler as createCommitment } from "../../functions/commitments/create.ts";
import { handler as getTotals } from "../../functions/totals/get.ts";
import { handler as createWebhook } from "../../functions/webhooks/create.ts";
// @ts-expect-error: a plain ES module without types, loaded by SST's bundler and the bench alike
import plugins from "../../infra/esbuild-plugins.mjs";
import { createDeps } from "../../shared/deps.ts";
import { generateApiKey } from "../../shared/domain/api-key.ts";
import type { HttpHandler } from "../../shared/http/handler.ts";
import { openApiDocument } from "../../shared/http/openapi.ts";
import { routeList } from "../../shared/http/routes.ts";
import { SHIPPED_OPTIONS } from "../bench/cold-start.ts";
import { apiGatewayEvent, type EventOptions } from "../support/api-gateway.ts";

/** Bundles `source` the way SST does (minified, the shipped plugins), then imports the bundle. */
async function bundled(
  source: string,
): Promise<{ exports: Record<string, unknown>; inputs: string[]; held: string[]; code: string }> {
  const result = await build({
    stdin: { contents: source, resolveDir: process.cwd() },
    ...SHIPPED_OPTIONS,
    write: false,
    metafile: true,
    // SST's banner, less what needs the bundle's own URL (a data URL here, with no path to require from).
    banner: {
      js: `import { createRequire } from "node:module"; const require = createRequire(${JSON.stringify(import.meta.filename)});`,
    },
    plugins,
  });
  const code = result.outputFiles[0]?.text ?? "";
  const exports = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  // Files read, and files the bundle holds code of (tree shaking drops the rest of what it read).
  const held = Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
  return { exports, inputs: Object.keys(result.metafile.inputs), held, code };
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

describe("schemas marked pure", { timeout: 60_000 }, () => {
  test("a bundle keeps the schemas it uses and drops the others of the same module", async () => {
    const { exports, code } = await bundled(`import { webhookIdParams } from "./shared/webhooks/schema.ts";
      export const parsed = [webhookIdParams.safeParse({ id: "nope" }).success, webhookIdParams.safeParse({ id: "wh_01JHQ4V6Z9X8Y7W6V5T4S3R2Q1" }).success];`);
    // Each is registered under its id where it is built: the id is in the bundle only if the schema was kept.
    const kept = ["WebhookInput", "Webhook", "Delivery"].filter((id) => code.includes(`"${id}"`));
    expect([exports.parsed, kept]).toEqual([[false, true], []]);
  });

  const adminKey = generateApiKey();
  const cases: [string, string, HttpHandler, EventOptions][] = [
    [
      "commitments/create",
      "POST /commitments with a bad amount, country and date",
      createCommitment,
      {
        method: "POST",
        route: "/commitments",
        headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          title: "x",
          amount: { value: "1e9" },
          country: "ZZZ",
          announcedOn: "2025-02-30",
        }),
      },
    ],
    [
      "webhooks/create",
      "POST /webhooks with a filter of unknown countries and categories",
      createWebhook,
      {
        method: "POST",
        route: "/webhooks",
        headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          url: "https://example.com/hook",
          events: ["commitment.created"],
          filter: { countries: ["QQ"], categories: ["nope"] },
        }),
      },
    ],
    [
      "totals/get",
      "GET /totals grouped by nothing known",
      getTotals,
      { route: "/totals", query: [["by", "x"]] },
    ],
  ];
  test.each(cases)("bundled functions/%s answers %s as the source does", async (name, _, source, event) => {
    const { exports } = await bundled(
      `export { handler } from "./functions/${name}.ts"; export { createDeps } from "./shared/deps.ts";`,
    );
    const bundledHandler = exports.handler as HttpHandler;
    const settings = { tableName: "no-table-is-reached", adminKey };
    const [fromBundle, fromSource] = await Promise.all([
      bundledHandler.withDeps((exports.createDeps as typeof createDeps)(settings))(apiGatewayEvent(event)),
      source.withDeps(createDeps(settings))(apiGatewayEvent(event)),
    ]);
    expect(fromBundle?.statusCode, "a 4xx from validation").toBeGreaterThanOrEqual(400);
    expect(fromBundle).toEqual(fromSource);
  });
});

describe("lib-dynamodb's paginators", { timeout: 60_000 }, () => {
  test("are left out of a bundle that uses none", async () => {
    const { held } = await bundled(`export { GetCommand } from "@aws-sdk/lib-dynamodb";`);
    expect(
      held.filter((input) => /lib-dynamodb\/dist-es\/(pagination\/|commands\/ScanCommand)/.test(input)),
    ).toEqual([]);
  });

  test("are kept where one is used", async () => {
    const { exports } = await bundled(`export { paginateQuery } from "@aws-sdk/lib-dynamodb";`);
    expect(typeof exports.paginateQuery).toBe("function");
  });
});

describe("AWS credentials in a bundle", { timeout: 60_000 }, () => {
  const clientBundle = () =>
    bundled(`import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
      export const credentials = () => new DynamoDBClient({ region: "us-east-1" }).config.credentials();`);
  const CREDENTIAL_VARIABLES = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
  ];
  /** Runs `work` with these credential variables only, then puts the process's own back. */
  async function withVariables<T>(variables: Record<string, string>, work: () => Promise<T>): Promise<T> {
    const saved = Object.fromEntries(CREDENTIAL_VARIABLES.map((name) => [name, process.env[name]]));
    for (const name of CREDENTIAL_VARIABLES) delete process.env[name];
    Object.assign(process.env, variables);
    try {
      return await work();
    } finally {
      for (const name of CREDENTIAL_VARIABLES)
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
    }
  }

  test("come from the environment, as Lambda gives them, with no other provider bundled", async () => {
    const { exports, held } = await clientBundle();
    const credentials = exports.credentials as () => Promise<Record<string, unknown>>;
    const found = await withVariables(
      { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", AWS_SESSION_TOKEN: "token" },
      credentials,
    );
    expect(found).toMatchObject({
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: "secret",
      sessionToken: "token",
    });
    expect(
      held.filter((input) =>
        /node_modules\/@aws-sdk\/(credential-provider-(?!env\/)|nested-clients)/.test(input),
      ),
    ).toEqual([]);
  });

  test("are refused plainly when the environment holds none", async () => {
    const { exports } = await clientBundle();
    const credentials = exports.credentials as () => Promise<unknown>;
    await expect(withVariables({}, credentials)).rejects.toThrow(
      "Unable to find environment variable credentials",
    );
  });
});

type Callback = (args: Record<string, unknown>) => unknown;

/**
 * The plugins as SST's bundler runs them: a host offering only onResolve, onLoad and onEnd, handing each path to
 * every callback whose filter matches, whatever its namespace, until one answers, with only JSON in between.
 */
function throughSstHost(shipped: Plugin[]): Plugin {
  const resolvers: { filter: RegExp; callback: Callback }[] = [];
  const loaders: { filter: RegExp; callback: Callback }[] = [];
  const host = {
    onResolve: ({ filter }: { filter: RegExp }, callback: Callback) => resolvers.push({ filter, callback }),
    onLoad: ({ filter }: { filter: RegExp }, callback: Callback) => loaders.push({ filter, callback }),
    onEnd: () => undefined,
  };
  for (const plugin of shipped) plugin.setup(host as unknown as PluginBuild);
  const answer = async (callbacks: typeof resolvers, args: Record<string, unknown>) => {
    for (const { filter, callback } of callbacks)
      if (filter.test(String(args.path))) {
        const reply = await callback(JSON.parse(JSON.stringify(args)));
        if (reply) return JSON.parse(JSON.stringify(reply));
      }
    return undefined;
  };
  return {
    name: "sst-plugin-host",
    setup(build) {
      build.onResolve({ filter: /.*/ }, ({ path, importer, namespace, resolveDir, kind }) =>
        answer(resolvers, { path, importer, namespace, resolveDir, kind }),
      );
      build.onLoad({ filter: /.*/ }, ({ path, namespace, suffix }) =>
        answer(loaders, { path, namespace, suffix }),
      );
    },
  };
}

describe("through SST's plugin host", { timeout: 120_000 }, () => {
  const options = (entry: string, hosted: Plugin[]): BuildOptions => ({
    entryPoints: [entry],
    ...SHIPPED_OPTIONS,
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: hosted,
  });

  /** What a bundle holds: each input's bytes in the output (minified names may differ, nothing else). */
  const holding = (result: { metafile?: Metafile }) =>
    Object.values(result.metafile?.outputs ?? {}).flatMap((output) =>
      Object.entries(output.inputs).map(([input, { bytesInOutput }]) => `${input} ${bytesInOutput}`),
    );

  test.each(["functions/openapi/get.ts", "functions/fallback.ts", "functions/commitments/create.ts"])(
    "%s bundles as it does here",
    async (entry) => {
      const [direct, hosted] = await Promise.all([
        build(options(entry, plugins)),
        build(options(entry, [throughSstHost(plugins)])),
      ]);
      expect(holding(hosted)).toEqual(holding(direct));
    },
  );
});
