/** What a background task of the local stack is: started with the stack's context, stopped before the server. */
import type { Deps } from "../../shared/deps.ts";

export interface BackgroundContext {
  deps: Deps;
  /** The DynamoDB endpoint the stack uses (a stream poller needs it for DynamoDB Streams). */
  endpoint: string | undefined;
  /** The HTTP API's base URL. */
  url: string;
  /** Where a task may keep state ($DATA_DIR); absent in tests that keep everything in memory. */
  dataDir?: string;
}

export interface RunningTask {
  stop(): Promise<void>;
}

export interface BackgroundTask {
  /** Printed at start, e.g. "table stream → webhook stream handler". */
  name: string;
  start(context: BackgroundContext): Promise<RunningTask>;
}
