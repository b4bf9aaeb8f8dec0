/**
 * The only reader of process.env. Settings are validated once; a missing or malformed one fails at start with
 * its name. When deployed, the table name and the admin key come through SST links (`Resource`).
 */
import { Resource } from "sst";
import { z } from "zod";

const settingsSchema = z.object({
  TABLE_NAME: z.string().min(3).max(255),
  TRACKER_ADMIN_KEY: z.string().min(24, "must be at least 24 characters"),
  READ_ACCESS: z.enum(["public", "key"]).default("public"),
  DYNAMODB_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  AWS_REGION: z.string().min(1).default("us-east-1"),
});

export type Settings = z.output<typeof settingsSchema>;

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
    DYNAMODB_ENDPOINT: env.DYNAMODB_ENDPOINT || undefined,
  });
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`invalid configuration: ${problems}`);
  }
  return result.data;
}
