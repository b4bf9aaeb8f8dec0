/** API keys (SPEC 3.4): random, shown once, stored only as a hash, compared in constant time. */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { oneLine } from "./validation.ts";

export const SCOPES = ["read", "write", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

const RANK: Record<Scope, number> = { read: 1, write: 2, admin: 3 };
const KEY_PREFIX = "ait_";

/** True when a key of scope `held` may do what needs `needed`. */
export function scopeAllows(held: Scope, needed: Scope): boolean {
  return RANK[held] >= RANK[needed];
}

/** A new key: 256 random bits, base64url, with a recognisable prefix. */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString("base64url");
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Constant-time equality of two keys, by their hashes (equal length whatever the input). */
export function sameKey(presented: string, expected: string): boolean {
  return timingSafeEqual(Buffer.from(hashApiKey(presented), "hex"), Buffer.from(hashApiKey(expected), "hex"));
}

export const apiKeyInput = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(100)
      .check(oneLine)
      .refine((value) => value.trim().length > 0, "must not be blank"),
    scope: z.enum(SCOPES),
  })
  .meta({ id: "ApiKeyInput" });

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(SCOPES),
    createdAt: z.string(),
    key: z.string().optional().describe("the key itself: returned once, at creation"),
  })
  .meta({ id: "ApiKey" });
export type ApiKey = z.output<typeof apiKeySchema>;
