/** What the domain needs from the outside world, created once per process and passed in (tests bring their own). */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { generateSecret } from "./domain/api-key.ts";
import { readSettings } from "./env.ts";
import { RateLimiter, type RateLimitSettings } from "./http/rate-limit.ts";
import { type WebhookDeps, webhookDeps } from "./webhooks/config.ts";

/** The metrics the Lambda functions publish (shared/lambda/metrics.ts), each a count. */
export type MetricName = "WebhookDeliveries" | "WebhookDeliveryFailures" | "SummariesGenerated";

export interface Deps {
  db: DynamoDBDocumentClient;
  tableName: string;
  adminKey: string;
  /** Seals page cursors; apart from the admin key, so a cursor gives a reader nothing to test key guesses on. */
  cursorKey: string;
  /** Seals webhook signing secrets at rest; apart from the admin and cursor keys. */
  webhookSecretKey: string;
  readAccess: "public" | "key";
  /** This process's per-client request buckets (shared/http/rate-limit.ts). */
  rateLimiter: RateLimiter;
  now: () => Date;
  /** Webhook rules and the resolver the SSRF check uses (tests bring their own, with no real DNS). */
  webhooks: WebhookDeps;
  /**
   * Counts a metric. Set by the Lambda entry points that publish metrics (shared/lambda/entry.ts), so that only
   * their bundles carry the metrics library; unset in the HTTP handlers, the local stack and the tests.
   */
  count?: (metric: MetricName, value?: number) => void;
}

export interface DepsOptions {
  tableName: string;
  adminKey: string;
  /** Default: a new random key, for a process whose cursors need not outlive it (tests, tools). */
  cursorKey?: string;
  /** Default: a new random key, for a process that never reads secrets sealed by another (tests, tools). */
  webhookSecretKey?: string;
  readAccess?: "public" | "key";
  /** Default: the deployed defaults (shared/http/rate-limit.ts). */
  rateLimits?: Partial<RateLimitSettings>;
  endpoint?: string;
  region?: string;
  now?: () => Date;
  /** Default: deployed rules (https only, no private addresses, the SPEC's retry schedule). */
  webhooks?: Partial<WebhookDeps>;
}

/**
 * How every AWS client of a process is configured (the table's, and the local stack's stream reader): the region,
 * and for a local endpoint the placeholder credentials DynamoDB Local accepts.
 */
export function awsClientConfig(
  options: { endpoint?: string | undefined; region?: string | undefined } = {},
) {
  return {
    region: options.region ?? "us-east-1",
    ...(options.endpoint !== undefined
      ? { endpoint: options.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
    maxAttempts: 5,
  };
}

/** A document client that keeps money as strings and leaves empty values out. */
export function createDocumentClient(
  options: { endpoint?: string; region?: string } = {},
): DynamoDBDocumentClient {
  const client = new DynamoDBClient(awsClientConfig(options));
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}

export function createDeps(options: DepsOptions): Deps {
  return {
    db: createDocumentClient(options),
    tableName: options.tableName,
    adminKey: options.adminKey,
    cursorKey: options.cursorKey ?? generateSecret(),
    webhookSecretKey: options.webhookSecretKey ?? generateSecret(),
    readAccess: options.readAccess ?? "public",
    rateLimiter: new RateLimiter(options.rateLimits),
    now: options.now ?? (() => new Date()),
    webhooks: webhookDeps(options.webhooks),
  };
}

let processDeps: Deps | undefined;

/** The deps of a Lambda process, built from the settings on first use. */
export function defaultDeps(): Deps {
  if (!processDeps) {
    const settings = readSettings();
    processDeps = createDeps({
      tableName: settings.TABLE_NAME,
      adminKey: settings.TRACKER_ADMIN_KEY,
      cursorKey: settings.TRACKER_CURSOR_KEY,
      webhookSecretKey: settings.TRACKER_WEBHOOK_SECRET_KEY,
      readAccess: settings.READ_ACCESS,
      rateLimits: settings.rateLimits,
      region: settings.AWS_REGION,
      ...(settings.DYNAMODB_ENDPOINT ? { endpoint: settings.DYNAMODB_ENDPOINT } : {}),
      webhooks: settings.webhooks,
    });
  }
  return processDeps;
}
