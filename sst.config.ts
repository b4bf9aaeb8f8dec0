/// <reference path="./.sst/platform/config.d.ts" />
export default $config({
  app(input) {
    return {
      name: "ai-infra-tracker",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: ["production"].includes(input?.stage ?? ""),
    };
  },
  async run() {
    // Defaults first: $transform applies only to what is created after it.
    await import("./infra/functions.ts");
    const { table } = await import("./infra/table.ts");
    await import("./infra/secrets.ts");
    const { api } = await import("./infra/api.ts");
    await import("./infra/summaries.ts");
    await import("./infra/webhook-stream.ts");
    await import("./infra/webhook-retries.ts");
    await import("./infra/dashboard.ts");
    const { streamDeadLetters } = await import("./infra/stream-dead-letters.ts");
    return { api: api.url, table: table.name, webhookDeadLetters: streamDeadLetters.url };
  },
});
