/**
 * The scheduled jobs, written once as data: infra/ deploys each as an SST CronV2 with the AWS expression rendered
 * here, and the local stack's one scheduler runs each at `nextRunAfter` while `npm start` is up.
 */
import type { PeriodKind } from "./domain/periods.ts";

export const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When a job runs, in UTC. A monthly day is at most 28, so that every month has it. */
export type Schedule =
  | { kind: "weekly"; weekday: Weekday; hour: number; minute: number }
  | { kind: "monthly"; day: number; hour: number; minute: number }
  | { kind: "rate"; minutes: number };

export interface ScheduledJob<E = unknown> {
  /** SST resource name (PascalCase), also printed by the local stack. */
  name: string;
  description: string;
  /** The handler file, relative to the project root; it exports `handler`. */
  file: string;
  /** What the job's handler is invoked with. */
  event: E;
  schedule: Schedule;
  /** Further attempts after a failed invocation, before its event goes to the dead-letter queue. */
  retries: number;
}

export interface SummaryJobEvent {
  period: PeriodKind;
}

/**
 * Weekly summaries Monday 00:05 UTC, monthly the 1st 00:05 UTC: five minutes after the period ends, so that a
 * write stamped just before midnight has landed before its period is read.
 */
export const summaryJobs: readonly ScheduledJob<SummaryJobEvent>[] = [
  {
    name: "WeeklySummary",
    description: "weekly summary (Monday 00:05 UTC)",
    file: "functions/summaries/scheduled.ts",
    event: { period: "weekly" },
    schedule: { kind: "weekly", weekday: "MON", hour: 0, minute: 5 },
    retries: 3,
  },
  {
    name: "MonthlySummary",
    description: "monthly summary (the 1st, 00:05 UTC)",
    file: "functions/summaries/scheduled.ts",
    event: { period: "monthly" },
    schedule: { kind: "monthly", day: 1, hour: 0, minute: 5 },
    retries: 3,
  },
];

/**
 * The webhook retry job: every minute, it sends each delivery that is due (SPEC 6). It is never retried itself,
 * since the next run a minute later picks up whatever one run left.
 */
export const webhookRetryJob: ScheduledJob<Record<string, never>> = {
  name: "WebhookRetries",
  description: "webhook retries (every minute)",
  file: "functions/webhooks/retry.ts",
  event: {},
  schedule: { kind: "rate", minutes: 1 },
  retries: 0,
};

/** Every job, in the order the local stack starts them. */
export const scheduledJobs: readonly ScheduledJob[] = [webhookRetryJob, ...summaryJobs];

function checked(schedule: Schedule): Schedule {
  const whole = (value: number, min: number, max: number) =>
    Number.isInteger(value) && value >= min && value <= max;
  const ok =
    schedule.kind === "rate"
      ? whole(schedule.minutes, 1, 60 * 24 * 365)
      : whole(schedule.hour, 0, 23) &&
        whole(schedule.minute, 0, 59) &&
        (schedule.kind === "weekly" ? WEEKDAYS.includes(schedule.weekday) : whole(schedule.day, 1, 28));
  if (!ok) throw new RangeError(`not a valid schedule: ${JSON.stringify(schedule)}`);
  return schedule;
}

/** The EventBridge Scheduler expression: `cron(5 0 ? * MON *)`, `cron(5 0 1 * ? *)`, `rate(1 minute)`. */
export function awsScheduleExpression(schedule: Schedule): `cron(${string})` | `rate(${string})` {
  const s = checked(schedule);
  if (s.kind === "rate") return `rate(${s.minutes} ${s.minutes === 1 ? "minute" : "minutes"})`;
  if (s.kind === "weekly") return `cron(${s.minute} ${s.hour} ? * ${s.weekday} *)`;
  return `cron(${s.minute} ${s.hour} ${s.day} * ? *)`;
}

/** The first run strictly after `after` (a rate job runs `minutes` after the previous run, or after start). */
export function nextRunAfter(schedule: Schedule, after: Date): Date {
  const s = checked(schedule);
  const t = after.getTime();
  if (s.kind === "rate") return new Date(t + s.minutes * 60_000);
  const year = after.getUTCFullYear();
  const month = after.getUTCMonth();
  if (s.kind === "weekly") {
    const shift = (WEEKDAYS.indexOf(s.weekday) - after.getUTCDay() + 7) % 7;
    const candidate = Date.UTC(year, month, after.getUTCDate() + shift, s.hour, s.minute);
    return new Date(candidate > t ? candidate : candidate + 7 * 24 * 60 * 60 * 1000);
  }
  const candidate = Date.UTC(year, month, s.day, s.hour, s.minute);
  return new Date(candidate > t ? candidate : Date.UTC(year, month + 1, s.day, s.hour, s.minute));
}
