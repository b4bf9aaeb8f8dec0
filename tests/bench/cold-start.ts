/**
 * Bench 3, cold start: every Lambda handler bundled the way SST ships it (esbuild, minified ESM for Node 24,
 * everything bundled, the AWS SDK included, the plugins of infra/esbuild-plugins.mjs), its size, and the median
 * time a fresh `node` process takes to import it and construct its clients, against a baseline bundle that holds
 * only the DynamoDB client as the SDK ships it. Three gates (issue 13), each a ratio against that same-run
 * baseline: every handler bundle at most `GATES.everySize` times its size, the median bundle at most
 * `GATES.medianSize` times, and the median of the handlers' import + construct times at most `GATES.medianImport`
 * times its own. One that fails fails the bench. The handlers' bundles take their credentials from the environment
 * alone (infra/esbuild-plugins.mjs), so the same client bundled that way is measured too, and the handlers are
 * printed against it, not gated: that ratio is our own code's cost.
 */
import { execFile } from "node:child_process";
import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build, type Plugin } from "esbuild";
// @ts-expect-error: a plain ES module without types, loaded by SST's bundler (infra/functions.ts) and here alike
import shippedPlugins, { credentialsFromEnvironment } from "../../infra/esbuild-plugins.mjs";
import { generateApiKey, generateSecret } from "../../shared/domain/api-key.ts";
import { fallbackRoute, routeList } from "../../shared/http/routes.ts";
import { scheduledJobs } from "../../shared/schedules.ts";
import { median, type Row, resultsDir } from "./harness.ts";

export const GATES = { everySize: 1.3, medianSize: 1.15, medianImport: 1.2 } as const;

const TRIMMED = "baseline-credentials-from-environment";

export interface Gate {
  gate: string;
  /** The measured ratio against the baseline. */
  ratio: number;
  limit: number;
  pass: boolean;
}

/** The handler besides the HTTP routes and the scheduled jobs, as infra/webhook-stream.ts names it. */
const OTHER_HANDLERS = ["functions/stream/webhook-events.ts"];

/** What SST puts at the top of an ESM bundle, so that bundled CommonJS can still `require` Node's built-ins. */
const SST_BANNER = [
  "import { createRequire as topLevelCreateRequire } from 'module';",
  "const require = topLevelCreateRequire(import.meta.url);",
  "import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from 'url';",
  "const __filename = topLevelFileUrlToPath(import.meta.url);",
  "const __dirname = topLevelFileUrlToPath(new topLevelURL('.', import.meta.url));",
].join("\n");

/** How SST bundles a function: everything bundled, minified ESM for Node 24, with its banner. */
export const SHIPPED_OPTIONS = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  minify: true,
  mainFields: ["module", "main"],
  banner: { js: SST_BANNER },
} satisfies BuildOptions;

/** Imports a bundle, then constructs its clients (defaultDeps), and prints how long that took. */
const RUNNER = `const started = performance.now();
const module = await import(process.argv[2]);
if (typeof module.__constructClients === "function") module.__constructClients();
process.stdout.write(JSON.stringify({ ms: performance.now() - started }));
`;

/** Settings the handlers read when constructing their clients; the endpoint answers nothing and is never called. */
const CHILD_ENV = {
  PATH: process.env.PATH ?? "",
  TABLE_NAME: "bench-cold-start",
  TRACKER_ADMIN_KEY: generateApiKey(),
  TRACKER_CURSOR_KEY: generateSecret(),
  TRACKER_WEBHOOK_SECRET_KEY: generateSecret(),
  DYNAMODB_ENDPOINT: "http://127.0.0.1:1",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
  NODE_ENV: "production",
};

export interface BundleFigure {
  name: string;
  file: string;
  bytes: number;
  kb: number;
  /** bytes ÷ baseline bytes */
  sizeRatio: number;
  /** Median ms to import and construct clients, over `runs` fresh processes. */
  importMs: number;
  /** Median ms from spawning `node` to its exit. */
  processMs: number;
  importRatio: number;
  constructsClients: boolean;
  /** Over the size every bundle must stay within (`GATES.everySize`). */
  overLimit: boolean;
}

export interface ColdStartResult {
  runs: number;
  /** The baseline and the smallest, median and largest handler bundles. */
  summary: Row[];
  /** The largest handler bundle against the baseline, package by package (KB in the output), largest first. */
  breakdown: { handler: string; rows: Row[] };
  baseline: BundleFigure;
  /** The same client bundled with the handlers' credential trim: what is left above it is our own code. */
  trimmedBaseline: BundleFigure;
  /** Not gated: the median handler's size and import + construct time ÷ the trimmed baseline's. */
  againstTrimmed: Row[];
  handlers: BundleFigure[];
  overLimit: string[];
  /** Each gate with its ratio and PASS/FAIL. */
  gates: Gate[];
  rows: Row[];
}

const root = fileURLToPath(new URL("../../", import.meta.url));
const bundlesDir = new URL("bundles/", resultsDir);

function entryFiles(): string[] {
  return [
    ...new Set([
      ...routeList.map((route) => route.file),
      fallbackRoute.file,
      ...scheduledJobs.map((job) => job.file),
      ...OTHER_HANDLERS,
    ]),
  ];
}

async function bundle(
  entry: string,
  outName: string,
  plugins: Plugin[] = shippedPlugins,
): Promise<{ path: string; bytes: number; bundled: string[]; packages: Record<string, number> }> {
  const outfile = fileURLToPath(new URL(`${outName}.mjs`, bundlesDir));
  const result = await build({
    entryPoints: [entry],
    outfile,
    ...SHIPPED_OPTIONS,
    // The plugins infra/functions.ts gives every function SST bundles.
    plugins,
    metafile: true,
    logLevel: "silent",
    absWorkingDir: root,
  });
  // Bytes in the output per package (node_modules) or per top-level folder of ours (shared/domain, …).
  const packages: Record<string, number> = {};
  for (const output of Object.values(result.metafile.outputs))
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split("/").slice(0, 2).join("/");
      packages[name] = (packages[name] ?? 0) + bytesInOutput;
    }
  return {
    path: outfile,
    bytes: (await stat(outfile)).size,
    // The files the bundle holds code of: an input tree-shaken to nothing is read but not shipped.
    bundled: Object.values(result.metafile.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
        .map(([file]) => file),
    ),
    packages,
  };
}

async function timeOnce(runner: string, bundlePath: string): Promise<{ ms: number; processMs: number }> {
  const started = performance.now();
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [runner, bundlePath],
      { env: CHILD_ENV, timeout: 30_000 },
      (error, out, err) =>
        error ? reject(new Error(`${bundlePath}: ${error.message}\n${err}`)) : resolve(out),
    );
  });
  const processMs = performance.now() - started;
  return { ms: (JSON.parse(stdout) as { ms: number }).ms, processMs };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

const nameOf = (file: string) =>
  file
    .replace(/^functions\//, "")
    .replace(/\.ts$/, "")
    .replaceAll("/", "-");

export async function benchColdStart(runs = 9): Promise<ColdStartResult> {
  await rm(bundlesDir, { recursive: true, force: true });
  await mkdir(bundlesDir, { recursive: true });
  const runner = fileURLToPath(new URL("runner.mjs", bundlesDir));
  await writeFile(runner, RUNNER);

  // The baseline: the DynamoDB client and nothing else, constructed the same way.
  const baselineEntry = fileURLToPath(new URL("baseline-entry.mjs", bundlesDir));
  await writeFile(
    baselineEntry,
    `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
let client;
export function __constructClients() {
  client ??= new DynamoDBClient({ region: process.env.AWS_REGION, endpoint: process.env.DYNAMODB_ENDPOINT });
  return client;
}
export const handler = async () => ({ statusCode: 200, body: String(Boolean(__constructClients())) });
`,
  );
  const targets: {
    name: string;
    file: string;
    size: { bytes: number; packages: Record<string, number> };
    timed: string;
    clients: boolean;
  }[] = [];
  // The baseline is the client as the SDK ships it, with its default credential chain. The handlers' bundles
  // resolve that chain to its environment link alone (credentialsFromEnvironment); the same client bundled so is
  // shown beside it, so that a reader sees our own code's cost apart from what that saves.
  const baselineBundle = await bundle(
    baselineEntry,
    "baseline",
    shippedPlugins.filter((plugin: Plugin) => plugin !== credentialsFromEnvironment),
  );
  const trimmedBundle = await bundle(baselineEntry, "baseline-credentials-from-environment");
  targets.push(
    {
      name: "baseline",
      file: "(DynamoDBClient only)",
      size: baselineBundle,
      timed: baselineBundle.path,
      clients: true,
    },
    {
      name: TRIMMED,
      file: "(DynamoDBClient only, credentials from the environment)",
      size: trimmedBundle,
      timed: trimmedBundle.path,
      clients: true,
    },
  );

  const depsFile = `${root}shared/deps.ts`;
  for (const file of entryFiles()) {
    const name = nameOf(file);
    const shipped = await bundle(`${root}${file}`, name);
    // A handler constructs its clients on first use (defaultDeps); the timed bundle exports that function too.
    // One whose bundle holds no code of shared/deps.ts (the $default route's) constructs none.
    const clients = shipped.bundled.includes("shared/deps.ts");
    let timed = shipped.path;
    if (clients) {
      const wrapper = fileURLToPath(new URL(`${name}.timed-entry.mjs`, bundlesDir));
      await writeFile(
        wrapper,
        `export * from ${JSON.stringify(`${root}${file}`)};\nexport { defaultDeps as __constructClients } from ${JSON.stringify(depsFile)};\n`,
      );
      timed = (await bundle(wrapper, `${name}.timed`)).path;
    }
    targets.push({ name, file, size: shipped, timed, clients });
  }

  const samples = new Map<string, { ms: number[]; processMs: number[] }>();
  // Round-robin, so drift on a shared machine hits every bundle alike.
  for (let round = 0; round < runs; round++)
    for (const target of targets) {
      const { ms, processMs } = await timeOnce(runner, target.timed);
      const entry = samples.get(target.name) ?? { ms: [], processMs: [] };
      entry.ms.push(ms);
      entry.processMs.push(processMs);
      samples.set(target.name, entry);
    }

  const baselineSamples = samples.get("baseline") as { ms: number[]; processMs: number[] };
  const baselineMs = median(baselineSamples.ms);
  const figures = targets.map((target): BundleFigure => {
    const timing = samples.get(target.name) as { ms: number[]; processMs: number[] };
    const sizeRatio = target.size.bytes / baselineBundle.bytes;
    return {
      name: target.name,
      file: target.file,
      bytes: target.size.bytes,
      kb: target.size.bytes / 1024,
      sizeRatio,
      importMs: median(timing.ms),
      processMs: median(timing.processMs),
      importRatio: median(timing.ms) / baselineMs,
      constructsClients: target.clients,
      overLimit: !target.name.startsWith("baseline") && sizeRatio > GATES.everySize,
    };
  });
  const [baseline, trimmed, ...handlers] = figures as [BundleFigure, BundleFigure, ...BundleFigure[]];
  const rows = figures.map(
    (figure): Row => ({
      bundle: figure.name,
      KB: figure.kb,
      "size ÷ baseline": figure.sizeRatio,
      "import+construct ms (median)": figure.importMs,
      "÷ baseline": figure.importRatio,
      "process ms (median)": figure.processMs,
      [`> ${GATES.everySize}× size`]: figure.overLimit ? "FAIL" : "ok",
    }),
  );
  const largest = targets.slice(2).reduce((a, b) => (b.size.bytes > a.size.bytes ? b : a));
  const base = baselineBundle.packages;
  const names = [...new Set([...Object.keys(largest.size.packages), ...Object.keys(base)])];
  const breakdown = {
    handler: largest.file,
    rows: names
      .map((name) => ({
        package: name,
        [`KB in ${largest.name}`]: (largest.size.packages[name] ?? 0) / 1024,
        "KB in baseline": (base[name] ?? 0) / 1024,
        "KB more": ((largest.size.packages[name] ?? 0) - (base[name] ?? 0)) / 1024,
      }))
      .sort((a, b) => b["KB more"] - a["KB more"])
      .slice(0, 10),
  };
  const bySize = [...handlers].sort((a, b) => a.bytes - b.bytes);
  const pickRow = (label: string, figure: BundleFigure): Row => ({
    "": label,
    ...(rows[figures.indexOf(figure)] as Row),
  });
  const summary = [
    pickRow("baseline", baseline),
    pickRow("baseline, credentials from the environment", trimmed),
    pickRow("smallest", bySize[0] as BundleFigure),
    pickRow("median", bySize[Math.floor(bySize.length / 2)] as BundleFigure),
    pickRow("largest", bySize[bySize.length - 1] as BundleFigure),
    {
      "": "all handlers",
      bundle: `${handlers.length} bundles`,
      KB: `${Math.round(bySize[0]?.kb ?? 0)}–${Math.round(bySize.at(-1)?.kb ?? 0)}`,
      "size ÷ baseline": `${round2(Math.min(...handlers.map((h) => h.sizeRatio)))}–${round2(Math.max(...handlers.map((h) => h.sizeRatio)))}`,
      "import+construct ms (median)": `${round2(Math.min(...handlers.map((h) => h.importMs)))}–${round2(Math.max(...handlers.map((h) => h.importMs)))}`,
      "÷ baseline": `${round2(Math.min(...handlers.map((h) => h.importRatio)))}–${round2(Math.max(...handlers.map((h) => h.importRatio)))}`,
      "process ms (median)": `${round2(Math.min(...handlers.map((h) => h.processMs)))}–${round2(Math.max(...handlers.map((h) => h.processMs)))}`,
      [`> ${GATES.everySize}× size`]: `${handlers.filter((h) => h.overLimit).length} FAIL`,
    },
  ];
  const gate = (name: string, ratio: number, limit: number): Gate => ({
    gate: name,
    ratio: round2(ratio),
    limit,
    pass: ratio <= limit,
  });
  const gates = [
    gate(
      "every bundle's size ÷ baseline (the largest)",
      Math.max(...handlers.map((h) => h.sizeRatio)),
      GATES.everySize,
    ),
    gate("median bundle size ÷ baseline", median(handlers.map((h) => h.sizeRatio)), GATES.medianSize),
    gate(
      "median import+construct ÷ baseline",
      median(handlers.map((h) => h.importRatio)),
      GATES.medianImport,
    ),
  ];
  return {
    runs,
    summary,
    breakdown,
    baseline,
    trimmedBaseline: trimmed,
    againstTrimmed: [
      {
        "compared with": "the client with credentials from the environment",
        "median bundle size ÷": round2(median(handlers.map((h) => h.bytes)) / trimmed.bytes),
        "median import+construct ÷": round2(median(handlers.map((h) => h.importMs)) / trimmed.importMs),
      },
    ],
    handlers,
    overLimit: handlers.filter((figure) => figure.overLimit).map((figure) => figure.file),
    gates,
    rows,
  };
}
