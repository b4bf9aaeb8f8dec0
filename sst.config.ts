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
    await import("./infra/functions.ts");
    const { table } = await import("./infra/table.ts");
    await import("./infra/secrets.ts");
    const { api } = await import("./infra/api.ts");
    await import("./infra/summaries.ts");
    await import("./infra/dashboard.ts");
    const { streamDeadLetters } = await import("./infra/webhooks.ts");
    return { api: api.url, table: table.name, webhookDeadLetters: streamDeadLetters.url };
  },
});
