/**
 * The Lambda entry points that are not HTTP (stream subscriber, crons), made the way `httpHandler` makes HTTP
 * ones: the process's deps by default, `.withDeps` for the local stack and the tests. Deployed, every log line
 * carries the invocation's Lambda context, and what the run counted is published as metrics when it ends.
 */
import type { Context } from "aws-lambda";
import { type Deps, defaultDeps } from "../deps.ts";
import { logger } from "./logger.ts";
import { countMetric, publishMetrics } from "./metrics.ts";

export type LambdaEntry<E, R> = ((event: E, context?: Context) => Promise<R>) & {
  withDeps(deps: Deps): (event: E) => Promise<R>;
};

/** A Lambda entry point running `run` with the process's deps, or with others bound by `.withDeps`. */
export function lambdaEntry<E, R>(run: (deps: Deps, event: E) => Promise<R>): LambdaEntry<E, R> {
  const entry = async (event: E, context?: Context) => {
    if (context) logger.addContext(context);
    try {
      return await run({ ...defaultDeps(), count: countMetric }, event);
    } finally {
      // Counts made after the run returned (a slow receiver's delivery) go out with the next invocation's.
      publishMetrics();
    }
  };
  return Object.assign(entry, { withDeps: (deps: Deps) => (event: E) => run(deps, event) });
}
