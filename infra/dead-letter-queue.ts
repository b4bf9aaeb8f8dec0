/** How every dead-letter queue is made: what a job or the stream subscriber gave up on is kept 14 days. */
const RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** A queue for what could not be processed, kept long enough for a look and a replay. */
export function deadLetterQueue(name: string): sst.aws.Queue {
  return new sst.aws.Queue(name, {
    transform: {
      queue: (args) => {
        args.messageRetentionSeconds = RETENTION_SECONDS;
      },
    },
  });
}
