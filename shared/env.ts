/**
 * The only reader of process.env. Settings are validated once; a missing or malformed one fails at start with
 * its name. When deployed, the table name, the admin key and the cursor key come through SST links (`Resource`).
 */
import { Resource } from "sst";
import { secretSetting } from "./domain/api-key.ts";
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
  READ_ACCESS: z._default(z.enum(["public", "key"]), "public"),
  DYNAMODB_ENDPOINT: z.optional(z.url({ protocol: /^https?$/ })),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), "us-east-1"),
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

export type Settings = z.output<typeof settingsSchema> & { webhooks: WebhookSettings };

function failure(error: z.core.$ZodError): Error {
  const problems = error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  return new Error(`invalid configuration: ${problems}`);
}

/** Reads and validates the webhook settings alone (the local stack passes its own defaults). */
export function readWebhookSettings(
  env: NodeJS.ProcessEnv = process.env,
  defaults: Partial<WebhookSettings> = {},
): WebhookSettings {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = webhookSettingsSchema(defaults).safeParse(present);
  if (!result.success) throw failure(result.error);
  return result.data;
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
    DYNAMODB_ENDPOINT: env.DYNAMODB_ENDPOINT || undefined,
  });
  if (!result.success) throw failure(result.error);
  return { ...result.data, webhooks: readWebhookSettings(env) };
}
