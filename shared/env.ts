/**
 * The only reader of process.env. Settings are validated once; a missing or malformed one fails at start with
 * its name. When deployed, the table name, the admin key, the cursor key and the webhook secret key come through SST
 * links (`Resource`).
 */
import { Resource } from "sst";
import { z } from "zod";
import { secretSetting } from "./domain/api-key.ts";
import { defaultRateLimits, type RateLimitSettings } from "./http/rate-limit.ts";
import {
  DEFAULT_RETRY_SCHEDULE,
  defaultWebhookSettings,
  parseDuration,
  parseSchedule,
  type WebhookSettings,
} from "./webhooks/config.ts";

const settingsSchema = z.object({
  TABLE_NAME: z.string().min(3).max(255),
  TRACKER_ADMIN_KEY: secretSetting,
  TRACKER_CURSOR_KEY: secretSetting,
  TRACKER_WEBHOOK_SECRET_KEY: secretSetting,
  READ_ACCESS: z.enum(["public", "key"]).default("public"),
  DYNAMODB_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  AWS_REGION: z.string().min(1).default("us-east-1"),
  /** Read by the logger itself (shared/lambda/logger.ts); checked here so that a typo fails at start, by name. */
  LOG_LEVEL: z
    .string()
    .transform((value) => value.toUpperCase())
    .pipe(z.enum(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL", "SILENT"]))
    .optional(),
});

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false"])
    .optional()
    .transform((value) => (value === undefined ? fallback : value === "true"));
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      try {
        return parseDuration(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    });

/** Webhook settings; deployed defaults unless `defaults` says otherwise (the local stack allows private http receivers). */
function webhookSettingsSchema(defaults: Partial<WebhookSettings>) {
  return z
    .object({
      WEBHOOKS_ALLOW_PRIVATE: flag(defaults.allowPrivate ?? defaultWebhookSettings.allowPrivate),
      WEBHOOKS_ALLOW_HTTP: flag(defaults.allowHttp ?? defaultWebhookSettings.allowHttp),
      WEBHOOK_RETRY_SCHEDULE: z
        .string()
        .default(DEFAULT_RETRY_SCHEDULE)
        .transform((value, ctx) => {
          try {
            return parseSchedule(value);
          } catch (error) {
            ctx.addIssue({ code: "custom", message: (error as Error).message });
            return z.NEVER;
          }
        }),
      WEBHOOK_TIMEOUT: duration("15s"),
      WEBHOOK_DISABLE_AFTER: duration("5d"),
      WEBHOOK_SECRET_OVERLAP: duration("24h"),
    })
    .transform(
      (env): WebhookSettings => ({
        allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE,
        allowHttp: env.WEBHOOKS_ALLOW_HTTP,
        retrySchedule: env.WEBHOOK_RETRY_SCHEDULE,
        timeoutMs: env.WEBHOOK_TIMEOUT,
        disableAfterMs: env.WEBHOOK_DISABLE_AFTER,
        secretOverlapMs: env.WEBHOOK_SECRET_OVERLAP,
      }),
    );
}

const perMinute = z.coerce.number().int().min(1).max(1_000_000_000);
const rateLimitSchema = z
  .object({
    RATE_LIMIT_PER_MINUTE: perMinute.default(defaultRateLimits.keyPerMinute),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: perMinute.default(defaultRateLimits.anonymousPerMinute),
  })
  .transform(
    (env): RateLimitSettings => ({
      keyPerMinute: env.RATE_LIMIT_PER_MINUTE,
      anonymousPerMinute: env.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    }),
  );

export type Settings = z.output<typeof settingsSchema> & {
  webhooks: WebhookSettings;
  rateLimits: RateLimitSettings;
};

function failure(error: z.ZodError): Error {
  const problems = error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  return new Error(`invalid configuration: ${problems}`);
}

/** The settings a schema reads, empty values counting as unset; throws one error naming every bad one. */
function readPresent<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv): T {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = schema.safeParse(present);
  if (!result.success) throw failure(result.error);
  return result.data;
}

/** Reads and validates the webhook settings alone (the local stack passes its own defaults). */
export function readWebhookSettings(
  env: NodeJS.ProcessEnv = process.env,
  defaults: Partial<WebhookSettings> = {},
): WebhookSettings {
  return readPresent(webhookSettingsSchema(defaults), env);
}

/** Reads and validates the rate limits alone: RATE_LIMIT_PER_MINUTE (per key), RATE_LIMIT_ANONYMOUS_PER_MINUTE (per IP). */
export function readRateLimitSettings(env: NodeJS.ProcessEnv = process.env): RateLimitSettings {
  return readPresent(rateLimitSchema, env);
}

function linked(read: () => string): string | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Reads and validates the settings; throws one error naming every bad setting. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const result = settingsSchema.safeParse({
    ...env,
    TABLE_NAME:
      env.TABLE_NAME ?? linked(() => (Resource as unknown as { Ledger: { name: string } }).Ledger.name),
    TRACKER_ADMIN_KEY:
      env.TRACKER_ADMIN_KEY ??
      linked(() => (Resource as unknown as { AdminKey: { value: string } }).AdminKey.value),
    TRACKER_CURSOR_KEY:
      env.TRACKER_CURSOR_KEY ??
      linked(() => (Resource as unknown as { CursorKey: { value: string } }).CursorKey.value),
    TRACKER_WEBHOOK_SECRET_KEY:
      env.TRACKER_WEBHOOK_SECRET_KEY ??
      linked(() => (Resource as unknown as { WebhookSecretKey: { value: string } }).WebhookSecretKey.value),
    DYNAMODB_ENDPOINT: env.DYNAMODB_ENDPOINT || undefined,
    LOG_LEVEL: env.LOG_LEVEL || undefined,
  });
  if (!result.success) throw failure(result.error);
  return { ...result.data, webhooks: readWebhookSettings(env), rateLimits: readRateLimitSettings(env) };
}
