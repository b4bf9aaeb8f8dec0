/**
 * CloudWatch metrics of the non-HTTP functions (the stream subscriber, the retry job, the summary crons), with
 * Powertools Metrics in embedded metric format: a JSON line in the function's log that CloudWatch turns into
 * metrics, with no API call on the way. Imported only by shared/lambda/entry.ts, so no HTTP handler bundles it.
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { MetricName } from "../deps.ts";

export const METRICS_NAMESPACE = "ai-infra-tracker";

const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: "ai-infra-tracker" });

/** Adds to a count, published at the end of the invocation. */
export function countMetric(name: MetricName, value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}

/** Writes what was counted, if anything, as one EMF line. */
export function publishMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
