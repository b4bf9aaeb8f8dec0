/**
 * Deps on a table of their own with a receiver subscribed to them, for the webhook tests: private addresses and
 * plain http allowed (the receiver is on 127.0.0.1), a 2 s timeout; each is closed after its test.
 */
import { afterEach } from "vitest";
import type { Deps } from "../../shared/deps.ts";
import { type TestDepsOptions, testDeps } from "./dynamo.ts";
import { type Receiver, subscribedReceiver } from "./receiver.ts";

export function useSubscribedReceivers() {
  const opened: { deps: Deps; hooks: Receiver }[] = [];
  afterEach(async () => {
    for (const { deps, hooks } of opened.splice(0)) {
      await hooks.close();
      deps.db.destroy();
    }
  });
  return async (options: TestDepsOptions = {}) => {
    const deps = await testDeps({
      ...options,
      webhooks: { allowPrivate: true, allowHttp: true, timeoutMs: 2_000, ...options.webhooks },
    });
    const { hooks, webhook } = await subscribedReceiver(deps);
    opened.push({ deps, hooks });
    return { deps, hooks, webhook };
  };
}
