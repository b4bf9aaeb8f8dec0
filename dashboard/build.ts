/**
 * Builds the dashboard with esbuild: one small entry for every page, the charts (Plot, d3-geo and the atlas) in a
 * chunk loaded only by the totals page, hashed file names, and index.html pointing at them. `npm run
 * build:dashboard` writes dashboard/dist/ (what SST deploys) and prints each file's size, raw and gzipped; the
 * local server builds the same in memory on its first request for `/`.
 *
 * DASHBOARD_API_URL (read only by this script's command line) is the API's origin when the dashboard is served
 * from elsewhere; empty, it calls the origin it is served from.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";

const root = fileURLToPath(new URL(".", import.meta.url));
const outdir = join(root, "dist");

export interface DashboardFile {
  contents: Uint8Array;
  contentType: string;
  /** Hashed names never change content: they may be cached for good. */
  immutable: boolean;
}

export interface DashboardBuild {
  /** By URL path: "/index.html", "/assets/main-XXXX.js", … */
  files: Map<string, DashboardFile>;
  /**
   * The JavaScript a first visit loads (the entry and its static imports), and what each dynamic import adds to
   * it, by the imported file's name ("charts": the totals page's; "article": the article page).
   */
  javascript: { initial: string[]; lazy: Map<string, string[]> };
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

function contentType(path: string): string {
  return CONTENT_TYPES[path.slice(path.lastIndexOf("."))] ?? "application/octet-stream";
}

/** Builds every file of the dashboard in memory. */
export async function buildDashboard({ apiUrl = "" }: { apiUrl?: string } = {}): Promise<DashboardBuild> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, "src/main.ts")],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: ["es2022", "chrome111", "firefox115", "safari16"],
    minify: true,
    metafile: true,
    write: false,
    outdir: join(outdir, "assets"),
    entryNames: "[name]-[hash]",
    chunkNames: "[name]-[hash]",
    define: { __API_URL__: JSON.stringify(apiUrl) },
    legalComments: "eof",
    logLevel: "silent",
  });
  const files = new Map<string, DashboardFile>();
  for (const file of result.outputFiles)
    files.set(urlPath(file.path), {
      contents: file.contents,
      contentType: contentType(file.path),
      immutable: true,
    });

  const metafile = result.metafile as Metafile;
  const [entryPath, entry] =
    Object.entries(metafile.outputs).find(([, output]) => output.entryPoint?.endsWith("src/main.ts")) ?? [];
  if (!entryPath || !entry?.cssBundle) throw new Error("esbuild produced no entry script or stylesheet");
  const initial = staticClosure(metafile, entryPath).map(urlPath);
  const lazy = new Map<string, string[]>();
  for (const output of Object.values(metafile.outputs))
    for (const imported of output.imports)
      if (imported.kind === "dynamic-import") {
        const name = imported.path.slice(imported.path.lastIndexOf("/") + 1).replace(/-[^-]*$/, "");
        const added = staticClosure(metafile, imported.path)
          .map(urlPath)
          .filter((path) => !initial.includes(path));
        lazy.set(name, [...new Set([...(lazy.get(name) ?? []), ...added])]);
      }

  const template = await readFile(join(root, "index.html"), "utf8");
  const apiOrigin = apiUrl ? new URL(apiUrl).origin : "";
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    // Plot writes a <style> element and style attributes into its SVG.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${apiOrigin ? ` ${apiOrigin}` : ""}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const html = template
    .replace("%CSP%", csp)
    .replace("%JS%", `.${urlPath(entryPath)}`)
    .replace("%CSS%", `.${urlPath(entry.cssBundle)}`)
    .replaceAll("%API%", apiUrl.replace(/\/+$/, "") || ".");
  files.set("/index.html", {
    contents: new TextEncoder().encode(html),
    contentType: CONTENT_TYPES[".html"] as string,
    immutable: false,
  });
  return { files, javascript: { initial, lazy } };
}

/** "/abs/dashboard/dist/assets/main-X.js" or "dist/assets/main-X.js" → "/assets/main-X.js". */
function urlPath(path: string): string {
  const absolute = path.startsWith("/") ? path : join(root, path);
  return `/${relative(outdir, absolute).split("\\").join("/")}`;
}

/** An output and every output it imports statically: what the browser fetches before the page runs. */
function staticClosure(metafile: Metafile, start: string): string[] {
  const seen = new Set<string>([start]);
  const queue = [start];
  for (let path = queue.shift(); path !== undefined; path = queue.shift())
    for (const imported of metafile.outputs[path]?.imports ?? [])
      if (imported.kind === "import-statement" && !seen.has(imported.path)) {
        seen.add(imported.path);
        queue.push(imported.path);
      }
  return [...seen];
}

/** What loads each dynamically imported file, for the size report. */
const LAZY_NAMES: Record<string, string> = {
  charts: "the totals page (charts and map)",
  article: "the article page (Add from an article)",
};

/** Raw and gzipped bytes of each JavaScript file, and the first load's total. */
export function sizeReport({ files, javascript }: DashboardBuild): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const size = (path: string) => {
    const contents = files.get(path)?.contents ?? new Uint8Array();
    return { raw: contents.byteLength, gzip: gzipSync(contents, { level: 9 }).byteLength };
  };
  const lines = ["file                                      raw        gzip"];
  const total = (paths: string[]) =>
    paths
      .map(size)
      .reduce((sum, each) => ({ raw: sum.raw + each.raw, gzip: sum.gzip + each.gzip }), { raw: 0, gzip: 0 });
  for (const path of [...files.keys()].sort()) {
    const { raw, gzip } = size(path);
    lines.push(`${path.padEnd(40)}  ${kb(raw).padStart(9)}  ${kb(gzip).padStart(9)}`);
  }
  const first = total(javascript.initial);
  lines.push(
    `JavaScript of a first visit (the reading pages but totals): ${kb(first.gzip)} gzipped (${kb(first.raw)} raw)`,
  );
  for (const [name, paths] of javascript.lazy) {
    const later = total(paths);
    lines.push(
      `JavaScript ${LAZY_NAMES[name] ?? `"${name}"`} adds: ${kb(later.gzip)} gzipped (${kb(later.raw)} raw)`,
    );
  }
  return lines.join("\n");
}

async function writeDist(): Promise<void> {
  const built = await buildDashboard({ apiUrl: process.env.DASHBOARD_API_URL ?? "" });
  await rm(outdir, { recursive: true, force: true });
  for (const [path, file] of built.files) {
    const target = join(outdir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.contents);
  }
  console.log(`dashboard built in ${relative(process.cwd(), outdir) || outdir}\n${sizeReport(built)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeDist().catch((error: unknown) => {
    console.error(`could not build the dashboard: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
