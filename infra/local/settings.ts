/** The local stack's settings, read once and validated; a bad one fails at start with its name. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import { generateApiKey } from "../../shared/domain/api-key.ts";

const MIN_ADMIN_KEY_LENGTH = 24;

/** The file in $DATA_DIR where a running `npm start` keeps its DynamoDB endpoint (for `npm run reconcile`). */
export const ENDPOINT_FILE = "dynamodb-endpoint";

const localSettingsSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  DATA_DIR: z.string().min(1).default(".data"),
  DYNAMODB_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  TRACKER_ADMIN_KEY: z
    .string()
    .min(MIN_ADMIN_KEY_LENGTH, `must be at least ${MIN_ADMIN_KEY_LENGTH} characters`)
    .optional(),
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

/**
 * The bootstrap admin key: TRACKER_ADMIN_KEY when set, else the one kept in $DATA_DIR/admin-key, else a new
 * one written there (readable by its owner only) so it stays the same across restarts.
 */
export async function resolveAdminKey(settings: LocalSettings): Promise<{ key: string; origin: string }> {
  if (settings.TRACKER_ADMIN_KEY) return { key: settings.TRACKER_ADMIN_KEY, origin: "TRACKER_ADMIN_KEY" };
  const file = join(settings.dataDir, "admin-key");
  try {
    const kept = (await readFile(file, "utf8")).trim();
    if (kept.length >= MIN_ADMIN_KEY_LENGTH) return { key: kept, origin: file };
    throw new Error(
      `${file} holds no valid admin key (at least ${MIN_ADMIN_KEY_LENGTH} characters): delete it to get a new one`,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(settings.dataDir, { recursive: true });
  const key = generateApiKey();
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: "wx" });
  return { key, origin: `${file} (new)` };
}
