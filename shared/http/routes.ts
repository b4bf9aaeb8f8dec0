/**
 * Every HTTP route, once: the table assembled from one module per route (shared/http/routes/), so that a handler
 * bundles only its own route's spec and schemas while sst.config.ts, the local stack, the OpenAPI document and
 * the tests read them all here.
 */

import { addSourceRoute } from "./routes/add-source.ts";
import { batchCommitmentsRoute } from "./routes/batch-commitments.ts";
import { createApiKeyRoute } from "./routes/create-api-key.ts";
import { createCommitmentRoute } from "./routes/create-commitment.ts";
import { createDraftsRoute } from "./routes/create-drafts.ts";
import { createWebhookRoute } from "./routes/create-webhook.ts";
import { deleteCommitmentRoute } from "./routes/delete-commitment.ts";
import { deleteWebhookRoute } from "./routes/delete-webhook.ts";
import { generateSummaryRoute } from "./routes/generate-summary.ts";
import { getCommitmentRoute } from "./routes/get-commitment.ts";
import { getFxRateRoute } from "./routes/get-fx-rate.ts";
import { getPartyRoute } from "./routes/get-party.ts";
import { getSummaryRoute } from "./routes/get-summary.ts";
import { getWebhookRoute } from "./routes/get-webhook.ts";
import { healthRoute } from "./routes/health.ts";
import { listApiKeysRoute } from "./routes/list-api-keys.ts";
import { listCommitmentsRoute } from "./routes/list-commitments.ts";
import { listDeliveriesRoute } from "./routes/list-deliveries.ts";
import { listFxRatesRoute } from "./routes/list-fx-rates.ts";
import { listPartiesRoute } from "./routes/list-parties.ts";
import { listRevisionsRoute } from "./routes/list-revisions.ts";
import { listSummariesRoute } from "./routes/list-summaries.ts";
import { listWebhooksRoute } from "./routes/list-webhooks.ts";
import { openapiRoute } from "./routes/openapi.ts";
import { patchCommitmentRoute } from "./routes/patch-commitment.ts";
import { patchWebhookRoute } from "./routes/patch-webhook.ts";
import { pingWebhookRoute } from "./routes/ping-webhook.ts";
import { putFxRateRoute } from "./routes/put-fx-rate.ts";
import { putPartyRoute } from "./routes/put-party.ts";
import { redeliverRoute } from "./routes/redeliver.ts";
import { revokeApiKeyRoute } from "./routes/revoke-api-key.ts";
import { rotateWebhookSecretRoute } from "./routes/rotate-webhook-secret.ts";
import { summaryFeedRoute } from "./routes/summary-feed.ts";
import { totalsRoute } from "./routes/totals.ts";

export const routes = {
  health: healthRoute,
  openapi: openapiRoute,
  createCommitment: createCommitmentRoute,
  createDrafts: createDraftsRoute,
  batchCommitments: batchCommitmentsRoute,
  listCommitments: listCommitmentsRoute,
  getCommitment: getCommitmentRoute,
  patchCommitment: patchCommitmentRoute,
  deleteCommitment: deleteCommitmentRoute,
  listRevisions: listRevisionsRoute,
  addSource: addSourceRoute,
  listParties: listPartiesRoute,
  getParty: getPartyRoute,
  putParty: putPartyRoute,
  totals: totalsRoute,
  putFxRate: putFxRateRoute,
  getFxRate: getFxRateRoute,
  listFxRates: listFxRatesRoute,
  createApiKey: createApiKeyRoute,
  listApiKeys: listApiKeysRoute,
  revokeApiKey: revokeApiKeyRoute,
  createWebhook: createWebhookRoute,
  listWebhooks: listWebhooksRoute,
  getWebhook: getWebhookRoute,
  patchWebhook: patchWebhookRoute,
  deleteWebhook: deleteWebhookRoute,
  rotateWebhookSecret: rotateWebhookSecretRoute,
  pingWebhook: pingWebhookRoute,
  listDeliveries: listDeliveriesRoute,
  redeliver: redeliverRoute,
  summaryFeed: summaryFeedRoute,
  listSummaries: listSummariesRoute,
  getSummary: getSummaryRoute,
  generateSummary: generateSummaryRoute,
} as const;

export type RouteName = keyof typeof routes;
export const routeList = Object.values(routes);

/** Answers unknown routes (404) and wrong methods (405) as problem+json: API Gateway's `$default` route. */
export const fallbackRoute = { file: "functions/fallback.ts" } as const;
