/** The stream poller as a task of the local stack, feeding the deployed stream handler bound to the stack's deps. */
import { join } from "node:path";
import { handler as streamHandler } from "../../functions/stream/webhook-events.ts";
import {
  type DeadLetter,
  fileCheckpoints,
  fileDeadLetters,
  memoryCheckpoints,
} from "./stream-checkpoints.ts";
import { startStreamPoller } from "./stream-poller.ts";
import type { BackgroundTask } from "./task.ts";

export const streamPollerTask: BackgroundTask = {
  name: "table stream → webhook stream handler",
  async start({ deps, endpoint, dataDir }) {
    if (!endpoint) throw new Error("the stream poller needs the DynamoDB endpoint");
    const deadLetter = dataDir
      ? fileDeadLetters(join(dataDir, "stream-dead-letters.jsonl"))
      : async (letter: DeadLetter) => console.error("stream record dead-lettered:", JSON.stringify(letter));
    return startStreamPoller({
      deps,
      endpoint,
      handler: streamHandler.withDeps(deps),
      checkpoints: dataDir ? fileCheckpoints(join(dataDir, "stream-checkpoints.json")) : memoryCheckpoints(),
      deadLetter: async (letter) => {
        console.error(`stream record ${letter.sequenceNumber} dead-lettered: ${letter.reason}`);
        await deadLetter(letter);
      },
    });
  },
};
