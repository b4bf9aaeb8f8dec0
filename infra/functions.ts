/** Defaults for every function SST bundles: the esbuild plugins the cold-start bench measures too. */
export const bundlePlugins = "./infra/esbuild-plugins.mjs";

$transform(sst.aws.Function, (args) => {
  args.nodejs = $output(args.nodejs ?? {}).apply((nodejs) => ({ ...nodejs, plugins: bundlePlugins }));
});
