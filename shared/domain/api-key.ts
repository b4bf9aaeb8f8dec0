/** API keys (SPEC 3.4): random, shown once, stored only as a hash, compared in constant time. */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import * as z from "../zod.ts";
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

/** A secret for settings (the cursor key): 256 random bits, base64url. */
export function generateSecret(): string {
  return randomBytes(32).toString("base64url");
}

const MIN_SECRET_BITS = 128;
const MIN_SECRET_LENGTH = 32;

/**
 * The most a key could hold: length × log2(distinct characters). No test can prove a key random; this one refuses
 * keys too short or too repetitive to hold 128 random bits, and generated keys (about 215 by this bound) pass.
 */
function bitsBound(key: string): number {
  return key.length * Math.log2(new Set(key).size);
}

/** A configured secret (the bootstrap admin key, the cursor key): printable, and able to hold 128 random bits. */
export const secretSetting = z.string().check(
  z.regex(/^[\x21-\x7e]{1,200}$/, "must be 1–200 printable ASCII characters without spaces"),
  z.refine(
    (key) => key.length >= MIN_SECRET_LENGTH && bitsBound(key) >= MIN_SECRET_BITS,
    `is too short or too repetitive to hold ${MIN_SECRET_BITS} random bits: use a generated one (ait_ and 43 base64url characters, as npm start makes)`,
  ),
);

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Constant-time equality of two keys, by their hashes (equal length whatever the input). */
export function sameKey(presented: string, expected: string): boolean {
  return timingSafeEqual(Buffer.from(hashApiKey(presented), "hex"), Buffer.from(hashApiKey(expected), "hex"));
}

export const apiKeyInput = z
  .strictObject({
    name: z.string().check(
      z.minLength(1),
      z.maxLength(100),
      oneLine,
      z.refine((value) => value.trim().length > 0, "must not be blank"),
    ),
    scope: z.enum(SCOPES),
  })
  .register(z.globalRegistry, { id: "ApiKeyInput" });

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(SCOPES),
    createdAt: z.string(),
    key: z
      .optional(z.string())
      .register(z.globalRegistry, { description: "the key itself: returned once, at creation" }),
  })
  .register(z.globalRegistry, { id: "ApiKey" });
export type ApiKey = z.output<typeof apiKeySchema>;
