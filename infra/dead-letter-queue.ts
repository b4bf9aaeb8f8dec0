/**
 * How every dead-letter queue is made: what a job or the stream subscriber gave up on is kept 14 days, and an
 * alarm goes off as soon as one message waits there (ApproximateNumberOfMessagesVisible > 0), to the stage's
 * alarm topic. `ALARM_EMAIL=ops@example.org npx sst deploy` subscribes an address to it.
 */
const RETENTION_SECONDS = 14 * 24 * 60 * 60;

let topic: sst.aws.SnsTopic | undefined;

/** The topic every alarm notifies, made with the first alarm. */
function alarmTopic(): sst.aws.SnsTopic {
  if (!topic) {
    topic = new sst.aws.SnsTopic("Alarms");
    if (process.env.ALARM_EMAIL)
      new aws.sns.TopicSubscription("AlarmEmail", {
        topic: topic.arn,
        protocol: "email",
        endpoint: process.env.ALARM_EMAIL,
      });
  }
  return topic;
}

/** A queue for what could not be processed, kept long enough for a look and a replay, and watched. */
export function deadLetterQueue(name: string): sst.aws.Queue {
  const queue = new sst.aws.Queue(name, {
    transform: {
      queue: (args) => {
        args.messageRetentionSeconds = RETENTION_SECONDS;
      },
    },
  });
  const notify = alarmTopic().arn;
  new aws.cloudwatch.MetricAlarm(`${name}Waiting`, {
    alarmDescription: `Messages wait in the dead-letter queue ${name}: something was given up on; look, fix, replay`,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: queue.nodes.queue.name },
    statistic: "Maximum",
    period: 60,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    alarmActions: [notify],
    okActions: [notify],
  });
  return queue;
}
