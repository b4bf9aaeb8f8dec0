/** Activity items (revisions with their snapshots) and summaries built from them, for pure tests of summaries. */

import type { ActivityItem, RevisionSnapshot } from "../../shared/commitments/items.ts";
import type { Revision } from "../../shared/commitments/schema.ts";
import { periodOf, previousPeriod } from "../../shared/domain/periods.ts";
import {
  buildSummary,
  contentHash,
  type LedgerEdges,
  type Summary,
  summaryContent,
  summarySchema,
} from "../../shared/domain/summary.ts";

const USD_RATE = { currency: "USD", date: null, unitsPerUsd: "1", kind: null, source: null, version: null };

export const usd = (low: string, high = low) => ({ low, high, rate: USD_RATE, stale: false });

/** Stargate as the seed has it, at least US$500,000,000,000; override what a test varies. */
export function snapshot(overrides: Partial<RevisionSnapshot> = {}): RevisionSnapshot {
  return {
    title: "Stargate",
    announcedOn: "2025-01-21",
    announcedOnPrecision: "day",
    amount: { currency: "USD", low: "500000000000", high: "500000000000", qualifier: "at-least" },
    amountUsd: usd("500000000000"),
    country: "US",
    categories: ["data-center"],
    confidence: "official",
    status: "announced",
    parentId: null,
    counted: true,
    sources: [{ url: "https://openai.com/index/announcing-the-stargate-project/", publisher: "OpenAI" }],
    ...overrides,
  };
}

export function activity(
  id: string,
  revision: Partial<Revision> & Pick<Revision, "at">,
  snapshotOverrides: Partial<RevisionSnapshot> = {},
): ActivityItem {
  return {
    commitmentId: id,
    revision: { version: 1, change: "created", fields: {}, ...revision },
    snapshot: snapshot(snapshotOverrides),
  };
}

/** The summary of 2025-W05 (Jan 27 – Feb 2) from the items given. */
export function weekSummary(
  items: ActivityItem[],
  options: { final?: boolean; ledger?: Partial<LedgerEdges>; generatedAt?: string } = {},
): Summary {
  const period = periodOf("weekly", "2025-W05");
  if (!period) throw new Error("2025-W05 is a week");
  const content = summaryContent.parse(
    buildSummary({
      period,
      previous: previousPeriod(period),
      final: options.final ?? true,
      activity: items,
      ledger: { atPreviousStart: {}, atStart: {}, atEnd: {}, ...options.ledger },
    }),
  );
  return summarySchema.parse({
    ...content,
    generatedAt: options.generatedAt ?? "2025-02-03T00:05:00.000Z",
    contentHash: contentHash(content),
  });
}
