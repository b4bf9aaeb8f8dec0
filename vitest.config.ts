import { defineConfig } from "vitest/config";

// "unit" is pure and needs nothing; "connected" (integration + e2e) shares one DynamoDB Local; "browser" drives
// the dashboard in Chromium against the local stack.
export default defineConfig({
  test: {
    // Forks, not threads: the connected tests spawn and signal child processes. Two cores, two workers.
    pool: "forks",
    maxWorkers: 2,
    // Generous: on two shared cores a DynamoDB Local test can wait seconds for its turn. A timeout is a safety net
    // against a hang, never a speed check (those are in `npm run bench`).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 20_000,
    allowOnly: false,
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "connected",
          include: ["tests/integration/**/*.test.ts", "tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          // Every response the e2e client receives is checked against the OpenAPI document.
          setupFiles: ["tests/support/contract-check.ts"],
        },
      },
      {
        // The dashboard in Chromium (dashboard/chromium.ts), against the seeded local stack: one per test file.
        extends: true,
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          // A page is a browser, the API and DynamoDB Local on two shared cores: generous, never a skip.
          testTimeout: 120_000,
          // After the other projects, not beside them: Chromium would take the cores their timeouts count on.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
