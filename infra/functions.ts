/**
 * Defaults for every function SST creates (routes, crons, the stream subscriber), set once here: Node.js 24 on
 * arm64 with 512 MB, the esbuild plugins the cold-start bench measures too, and the log level of the stage
 * (LOG_LEVEL when deploying, else INFO in production and DEBUG elsewhere). Imported before any resource.
 */
export const bundlePlugins = "./infra/esbuild-plugins.mjs";

const logLevel = process.env.LOG_LEVEL ?? ($app.stage === "production" ? "INFO" : "DEBUG");

$transform(sst.aws.Function, (args) => {
  args.runtime ??= "nodejs24.x";
  args.architecture ??= "arm64";
  args.memory ??= "512 MB";
  args.environment = $output(args.environment ?? {}).apply((environment) => ({
    LOG_LEVEL: logLevel,
    ...environment,
  }));
  args.nodejs = $output(args.nodejs ?? {}).apply((nodejs) => ({ ...nodejs, plugins: bundlePlugins }));
});
