/**
 * What a deployed invocation writes to its log: every line with the Lambda context, and the metrics the non-HTTP
 * functions count as one embedded-metric-format line per invocation (CloudWatch reads both from stdout).
 */
import type { Context } from "aws-lambda";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createDeps } from "../../shared/deps.ts";
import { generateApiKey, generateSecret } from "../../shared/domain/api-key.ts";
import { readSettings } from "../../shared/env.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { route } from "../../shared/http/route.ts";
import { lambdaEntry } from "../../shared/lambda/entry.ts";
import { logger } from "../../shared/lambda/logger.ts";
import { apiGatewayEvent } from "../support/api-gateway.ts";

beforeAll(() => {
  // The settings a deployed function reads (defaultDeps); nothing here reaches the endpoint.
  Object.assign(process.env, {
    TABLE_NAME: "operations-test",
    TRACKER_ADMIN_KEY: generateApiKey(),
    TRACKER_CURSOR_KEY: generateSecret(),
    TRACKER_WEBHOOK_SECRET_KEY: generateSecret(),
    DYNAMODB_ENDPOINT: "http://127.0.0.1:1",
  });
});
afterEach(() => vi.restoreAllMocks());

function context(functionName: string, awsRequestId: string): Context {
  return {
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "2025/01/01/[$LATEST]0123456789abcdef",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 25_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The JSON lines written to stdout and stderr while `run` runs. */
async function stdoutLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  for (const stream of [process.stdout, process.stderr])
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  await run();
  vi.restoreAllMocks();
  return written
    .join("")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line));
}

describe("Lambda operations", () => {
  it("logs at INFO by default, with the Lambda context on the line", async () => {
    const job = lambdaEntry(async () => {
      logger.info("job ran", { items: 3 });
      return "done";
    });
    const lines = await stdoutLines(() => job({}, context("ait-retry", "req-job-1")));

    expect(lines.find((line) => line.message === "job ran")).toMatchObject({
      level: "INFO",
      items: 3,
      function_name: "ait-retry",
      function_request_id: "req-job-1",
      function_memory_size: "512",
    });
  });

  it("publishes what a run counted as one EMF line, and nothing when it counted nothing", async () => {
    const job = lambdaEntry(async (deps, event: { deliveries: number }) => {
      if (event.deliveries > 0) {
        deps.count?.("WebhookDeliveries", event.deliveries);
        deps.count?.("WebhookDeliveryFailures");
      }
      return "done";
    });
    const counted = await stdoutLines(() => job({ deliveries: 2 }, context("ait-retry", "req-job-2")));
    const quiet = await stdoutLines(() => job({ deliveries: 0 }, context("ait-retry", "req-job-3")));

    const emf = counted.find((line) => "_aws" in line);
    expect(emf).toMatchObject({
      WebhookDeliveries: 2,
      WebhookDeliveryFailures: 1,
      service: "ai-infra-tracker",
      _aws: { CloudWatchMetrics: [{ Namespace: "ai-infra-tracker" }] },
    });
    expect(quiet).toEqual([]);
  });

  it("counts nothing for a run bound to other deps (the local stack, the tests)", async () => {
    const job = lambdaEntry(async (deps) => typeof deps.count);
    const deps = createDeps({ tableName: "operations-test", adminKey: generateApiKey() });
    expect(await job.withDeps(deps)({})).toBe("undefined");
  });

  it("refuses a LOG_LEVEL the logger would not understand, by name", () => {
    expect(() => readSettings({ ...process.env, LOG_LEVEL: "LOUD" })).toThrow(/LOG_LEVEL/);
    expect(() => readSettings({ ...process.env, LOG_LEVEL: "debug" })).not.toThrow();
  });

  it("puts the Lambda context on an HTTP handler's log lines", async () => {
    const failing = httpHandler(
      route({
        method: "GET",
        path: "/boom",
        file: "functions/boom.ts",
        scope: "public",
        summary: "a route that fails",
        responses: {},
      }),
      async () => {
        throw new Error("the table is gone");
      },
    );
    let status: number | undefined;
    const lines = await stdoutLines(async () => {
      status = (await failing(apiGatewayEvent({ route: "/boom" }), context("ait-boom", "req-http-1")))
        .statusCode;
    });

    expect(status).toBe(500);
    expect(lines.find((line) => line.message === "unhandled error")).toMatchObject({
      level: "ERROR",
      function_name: "ait-boom",
      function_request_id: "req-http-1",
    });
  });
});
