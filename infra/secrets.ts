/**
 * The stage's secrets, each `npx sst secret set <Name> <value> --stage <name>`: the bootstrap admin key (SPEC 3.4)
 * and the key that seals page cursors, kept apart so that a cursor, which any reader holds, reveals nothing about
 * the admin key. Both must hold 128 random bits or more (shared/env.ts refuses them at start otherwise).
 */
export const adminKey = new sst.Secret("AdminKey");
export const cursorKey = new sst.Secret("CursorKey");
