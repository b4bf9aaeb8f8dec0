/**
 * Defaults for every function SST creates (routes, crons, the stream subscriber), set once here: Node.js 24 on
 * arm64 with 512 MB, and the esbuild plugins the cold-start bench measures too. Imported before any resource.
 */
export const bundlePlugins = "./infra/esbuild-plugins.mjs";

$transform(sst.aws.Function, (args) => {
  args.runtime ??= "nodejs24.x";
  args.architecture ??= "arm64";
  args.memory ??= "512 MB";
  args.nodejs = $output(args.nodejs ?? {}).apply((nodejs) => ({ ...nodejs, plugins: bundlePlugins }));
});
