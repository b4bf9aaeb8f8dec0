import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  readLocalSettings,
  resolveAdminKey,
  resolveCursorKey,
  resolveWebhookSecretKey,
} from "../../infra/local/settings.ts";
import { generateApiKey } from "../../shared/domain/api-key.ts";

describe("readLocalSettings", () => {
  it("defaults to port 3000, .data and the local table", () => {
    const settings = readLocalSettings({});
    expect([
      settings.PORT,
      settings.DATA_DIR,
      settings.TABLE_NAME,
      settings.READ_ACCESS,
      settings.SEED,
    ]).toEqual([3000, ".data", "ai-infra-tracker-local", "public", true]);
  });

  it("names every bad setting", () => {
    expect(() => readLocalSettings({ PORT: "http", TRACKER_ADMIN_KEY: "short" })).toThrow(
      /PORT.*TRACKER_ADMIN_KEY/,
    );
  });

  it("treats an empty DYNAMODB_ENDPOINT as unset", () => {
    expect(readLocalSettings({ DYNAMODB_ENDPOINT: "" }).DYNAMODB_ENDPOINT).toBeUndefined();
  });
});

describe("resolveAdminKey", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tracker-settings-"));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("uses TRACKER_ADMIN_KEY when it is set", async () => {
    const key = generateApiKey();
    const settings = readLocalSettings({ DATA_DIR: dataDir, TRACKER_ADMIN_KEY: key });
    expect((await resolveAdminKey(settings)).key).toBe(key);
  });

  it("generates a key once and keeps it in $DATA_DIR/admin-key", async () => {
    const settings = readLocalSettings({ DATA_DIR: dataDir });
    const first = await resolveAdminKey(settings);
    const second = await resolveAdminKey(settings);
    expect([second.key, (await readFile(join(dataDir, "admin-key"), "utf8")).trim()]).toEqual([
      first.key,
      first.key,
    ]);
  });

  it("writes the key file readable by its owner only", async () => {
    await resolveAdminKey(readLocalSettings({ DATA_DIR: dataDir }));
    expect((await stat(join(dataDir, "admin-key"))).mode & 0o777).toBe(0o600);
  });

  it.each(["tracker-admin-key-2025-xyz", "k".repeat(30), `ait_${"b".repeat(43)}`])(
    "refuses the weak TRACKER_ADMIN_KEY %s",
    (key) => {
      expect(() => readLocalSettings({ DATA_DIR: dataDir, TRACKER_ADMIN_KEY: key })).toThrow(
        /TRACKER_ADMIN_KEY/,
      );
    },
  );

  it("refuses a weak key kept in $DATA_DIR/admin-key, saying how to get a new one", async () => {
    await writeFile(join(dataDir, "admin-key"), "k".repeat(30));

    await expect(resolveAdminKey(readLocalSettings({ DATA_DIR: dataDir }))).rejects.toThrow(/delete it/);
  });

  it("generates a cursor key apart from the admin key and keeps it in $DATA_DIR/cursor-key", async () => {
    const settings = readLocalSettings({ DATA_DIR: dataDir });
    const admin = await resolveAdminKey(settings);
    const first = await resolveCursorKey(settings);
    const second = await resolveCursorKey(settings);

    expect({
      kept: [second.key, (await readFile(join(dataDir, "cursor-key"), "utf8")).trim()],
      apart: first.key !== admin.key,
    }).toEqual({ kept: [first.key, first.key], apart: true });
  });

  it("generates a webhook secret key apart from the others and keeps it in $DATA_DIR/webhook-secret-key", async () => {
    const settings = readLocalSettings({ DATA_DIR: dataDir });
    const others = [(await resolveAdminKey(settings)).key, (await resolveCursorKey(settings)).key];
    const first = await resolveWebhookSecretKey(settings);
    const second = await resolveWebhookSecretKey(settings);
    const file = join(dataDir, "webhook-secret-key");

    expect({
      kept: [second.key, (await readFile(file, "utf8")).trim()],
      apart: !others.includes(first.key),
      mode: (await stat(file)).mode & 0o777,
    }).toEqual({ kept: [first.key, first.key], apart: true, mode: 0o600 });
  });
});
