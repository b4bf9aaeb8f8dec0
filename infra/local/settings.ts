/** The local stack's settings, read once and validated; a bad one fails at start with its name. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import { generateApiKey, generateSecret, secretSetting } from "../../shared/domain/api-key.ts";

/** The file in $DATA_DIR where a running `npm start` keeps its DynamoDB endpoint (for `npm run reconcile`). */
export const ENDPOINT_FILE = "dynamodb-endpoint";

const localSettingsSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  DATA_DIR: z.string().min(1).default(".data"),
  DYNAMODB_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  TRACKER_ADMIN_KEY: z.optional(secretSetting),
  TRACKER_CURSOR_KEY: z.optional(secretSetting),
  TRACKER_WEBHOOK_SECRET_KEY: z.optional(secretSetting),
  READ_ACCESS: z.enum(["public", "key"]).default("public"),
  TABLE_NAME: z
    .string()
    .min(3)
    .max(255)
    .regex(/^[a-zA-Z0-9_.-]+$/, "must be a DynamoDB table name")
    .default("ai-infra-tracker-local"),
  SEED: z
    .enum(["true", "false"])
    .default("true")
    .transform((value) => value === "true"),
});

export type LocalSettings = z.output<typeof localSettingsSchema> & { dataDir: string };

/** Reads the settings; throws one error naming every bad setting. Empty values count as unset. */
export function readLocalSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = localSettingsSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`invalid configuration: ${problems}`);
  }
  return { ...result.data, dataDir: resolve(result.data.DATA_DIR) };
}

/** A secret of the local stack: the setting when given, else the one kept in $DATA_DIR, else a new one kept there. */
interface SecretSource {
  setting: "TRACKER_ADMIN_KEY" | "TRACKER_CURSOR_KEY" | "TRACKER_WEBHOOK_SECRET_KEY";
  file: string;
  generate: () => string;
}

async function resolveSecret(
  settings: LocalSettings,
  source: SecretSource,
): Promise<{ key: string; origin: string }> {
  const given = settings[source.setting];
  if (given) return { key: given, origin: source.setting };
  const file = join(settings.dataDir, source.file);
  try {
    const kept = (await readFile(file, "utf8")).trim();
    const checked = secretSetting.safeParse(kept);
    if (checked.success) return { key: kept, origin: file };
    throw new Error(
      `${file} holds no valid key (${checked.error.issues[0]?.message}): delete it to get a new one`,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(settings.dataDir, { recursive: true });
  const key = source.generate();
  // Readable by its owner only; "wx" so that two starts at once cannot write two different keys.
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: "wx" });
  return { key, origin: `${file} (new)` };
}

/** The bootstrap admin key: TRACKER_ADMIN_KEY, else $DATA_DIR/admin-key, else a new one written there. */
export function resolveAdminKey(settings: LocalSettings): Promise<{ key: string; origin: string }> {
  return resolveSecret(settings, {
    setting: "TRACKER_ADMIN_KEY",
    file: "admin-key",
    generate: generateApiKey,
  });
}

/** The key that seals page cursors: TRACKER_CURSOR_KEY, else $DATA_DIR/cursor-key, else a new one written there. */
export function resolveCursorKey(settings: LocalSettings): Promise<{ key: string; origin: string }> {
  return resolveSecret(settings, {
    setting: "TRACKER_CURSOR_KEY",
    file: "cursor-key",
    generate: generateSecret,
  });
}

/**
 * The key that seals webhook signing secrets at rest: TRACKER_WEBHOOK_SECRET_KEY, else $DATA_DIR/webhook-secret-key,
 * else a new one written there. Losing it loses every subscription's secret (rotate them to recover).
 */
export function resolveWebhookSecretKey(settings: LocalSettings): Promise<{ key: string; origin: string }> {
  return resolveSecret(settings, {
    setting: "TRACKER_WEBHOOK_SECRET_KEY",
    file: "webhook-secret-key",
    generate: generateSecret,
  });
}
