/**
 * The Lambda entry points that are not HTTP (stream subscriber, crons), made the way `httpHandler` makes HTTP
 * ones: the process's deps by default, `.withDeps` for the local stack and the tests.
 */
import { type Deps, defaultDeps } from "../deps.ts";

export type LambdaEntry<E, R> = ((event: E) => Promise<R>) & {
  withDeps(deps: Deps): (event: E) => Promise<R>;
};

/** A Lambda entry point running `run` with the process's deps, or with others bound by `.withDeps`. */
export function lambdaEntry<E, R>(run: (deps: Deps, event: E) => Promise<R>): LambdaEntry<E, R> {
  const entry = (event: E) => run(defaultDeps(), event);
  return Object.assign(entry, { withDeps: (deps: Deps) => (event: E) => run(deps, event) });
}
