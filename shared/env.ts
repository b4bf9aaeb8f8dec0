/**
 * The only reader of process.env. Settings are validated once; a missing or malformed one fails at start with
 * its name. When deployed, the table name, the admin key, the cursor key and the webhook secret key come through SST
 * links (`Resource`).
 */
import { Resource } from "sst";
import { secretSetting } from "./domain/api-key.ts";
import { defaultRateLimits, type RateLimitSettings } from "./http/rate-limit.ts";
import {
  DEFAULT_RETRY_SCHEDULE,
  defaultWebhookSettings,
  parseDuration,
  parseSchedule,
  type WebhookSettings,
} from "./webhooks/config.ts";
import * as z from "./zod.ts";

const settingsSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(3), z.maxLength(255)),
  TRACKER_ADMIN_KEY: secretSetting,
  TRACKER_CURSOR_KEY: secretSetting,
  TRACKER_WEBHOOK_SECRET_KEY: secretSetting,
  READ_ACCESS: z._default(z.enum(["public", "key"]), "public"),
  DYNAMODB_ENDPOINT: z.optional(z.url({ protocol: /^https?$/ })),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), "us-east-1"),
  /** Read by the logger itself (shared/lambda/logger.ts); checked here so that a typo fails at start, by name. */
  LOG_LEVEL: z.optional(
    z.pipe(
      z.pipe(
        z.string(),
        z.transform((value) => value.toUpperCase()),
      ),
      z.enum(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL", "SILENT"]),
    ),
  ),
});

const flag = (fallback: boolean) =>
  z.pipe(
    z.optional(z.enum(["true", "false"])),
    z.transform((value) => (value === undefined ? fallback : value === "true")),
  );
const duration = (fallback: string) =>
  z.pipe(
    z._default(z.string(), fallback),
    z.transform((value, ctx) => {
      try {
        return parseDuration(value);
      } catch (error) {
        ctx.issues.push({ code: "custom", message: (error as Error).message, input: value });
        return z.NEVER;
      }
    }),
  );

/** Webhook settings; deployed defaults unless `defaults` says otherwise (the local stack allows private http receivers). */
function webhookSettingsSchema(defaults: Partial<WebhookSettings>) {
  return z.pipe(
    z.object({
      WEBHOOKS_ALLOW_PRIVATE: flag(defaults.allowPrivate ?? defaultWebhookSettings.allowPrivate),
      WEBHOOKS_ALLOW_HTTP: flag(defaults.allowHttp ?? defaultWebhookSettings.allowHttp),
      WEBHOOK_RETRY_SCHEDULE: z.pipe(
        z._default(z.string(), DEFAULT_RETRY_SCHEDULE),
        z.transform((value, ctx) => {
          try {
            return parseSchedule(value);
          } catch (error) {
            ctx.issues.push({ code: "custom", message: (error as Error).message, input: value });
            return z.NEVER;
          }
        }),
      ),
      WEBHOOK_TIMEOUT: duration("15s"),
      WEBHOOK_DISABLE_AFTER: duration("5d"),
      WEBHOOK_SECRET_OVERLAP: duration("24h"),
    }),
    z.transform(
      (env): WebhookSettings => ({
        allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE,
        allowHttp: env.WEBHOOKS_ALLOW_HTTP,
        retrySchedule: env.WEBHOOK_RETRY_SCHEDULE,
        timeoutMs: env.WEBHOOK_TIMEOUT,
        disableAfterMs: env.WEBHOOK_DISABLE_AFTER,
        secretOverlapMs: env.WEBHOOK_SECRET_OVERLAP,
      }),
    ),
  );
}

const perMinute = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1_000_000_000)), fallback);
const rateLimitSchema = z.pipe(
  z.object({
    RATE_LIMIT_PER_MINUTE: perMinute(defaultRateLimits.keyPerMinute),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: perMinute(defaultRateLimits.anonymousPerMinute),
  }),
  z.transform(
    (env): RateLimitSettings => ({
      keyPerMinute: env.RATE_LIMIT_PER_MINUTE,
      anonymousPerMinute: env.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    }),
  ),
);

export type Settings = z.output<typeof settingsSchema> & {
  webhooks: WebhookSettings;
  rateLimits: RateLimitSettings;
};

function failure(error: z.core.$ZodError): Error {
  const problems = error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  return new Error(`invalid configuration: ${problems}`);
}

/** The settings a schema reads, empty values counting as unset; throws one error naming every bad one. */
function readPresent<T>(schema: z.ZodMiniType<T>, env: NodeJS.ProcessEnv): T {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = z.safeParse(schema, present);
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
