/**
 * The stage's secrets, each `npx sst secret set <Name> <value> --stage <name>`: the bootstrap admin key (SPEC 3.4),
 * the key that seals page cursors and the key that seals webhook signing secrets at rest, kept apart so that a
 * cursor, which any reader holds, reveals nothing about the others, and a leaked table export holds no secret that
 * signs. Each must hold 128 random bits or more (shared/env.ts refuses them at start otherwise).
 */
export const adminKey = new sst.Secret("AdminKey");
export const cursorKey = new sst.Secret("CursorKey");
export const webhookSecretKey = new sst.Secret("WebhookSecretKey");
