import { describe, expect, it } from "vitest";
import { fromActivityItem, fromCommitmentItem } from "../../shared/commitments/items.ts";

/** A conversion as stored before rates had kinds and versions and conversions a stale flag. */
const legacyUsd = {
  low: "1736111111",
  high: "1736111111",
  rate: { currency: "KRW", date: "2025-01-22", unitsPerUsd: "1440", source: "IT동아" },
};
const record = {
  id: "cmt_01JJ0000000000000000000002",
  title: "국가 AI 컴퓨팅 센터",
  announcedOn: "2026-02-10",
  announcedOnPrecision: "day",
  parties: [{ name: "과학기술정보통신부", role: "government", slug: "msit" }],
  amount: { currency: "KRW", low: "2500000000000", high: "2500000000000", qualifier: "up-to" },
  amountUsd: legacyUsd,
  categories: ["compute"],
  location: { country: "KR" },
  status: "announced",
  confidence: "official",
  sources: [{ url: "https://it.donga.com/" }],
  version: 2,
  createdAt: "2025-02-01T00:00:00.000Z",
  updatedAt: "2025-02-02T00:00:00.000Z",
};

describe("reading conversions stored before staleness", () => {
  it("derives stale on a stored record and shows the rate's kind and version as unknown", () => {
    const item = fromCommitmentItem({ pk: "CMT#x", sk: "RECORD", type: "commitment", version: 2, record });

    expect(item?.record.amountUsd).toEqual({
      ...legacyUsd,
      rate: { ...legacyUsd.rate, kind: null, version: null },
      stale: true,
    });
  });

  it("dates each side of a stored revision's USD change by the announcement it had then", () => {
    const activity = fromActivityItem({
      type: "revision",
      commitmentId: record.id,
      revision: {
        version: 2,
        at: "2025-02-02T00:00:00.000Z",
        change: "updated",
        fields: {
          announcedOn: { from: "2025-01-22", to: "2026-02-10" },
          amountUsd: { from: legacyUsd, to: legacyUsd },
        },
      },
      snapshot: {
        title: record.title,
        announcedOn: record.announcedOn,
        announcedOnPrecision: "day",
        amount: record.amount,
        amountUsd: legacyUsd,
        country: "KR",
        categories: ["compute"],
        confidence: "official",
        status: "announced",
        parentId: null,
        counted: true,
        sources: [{ url: "https://it.donga.com/" }],
      },
    });
    const change = activity?.revision.fields.amountUsd as {
      from: { stale: boolean };
      to: { stale: boolean };
    };

    expect([change.from.stale, change.to.stale, activity?.snapshot.amountUsd?.stale]).toEqual([
      false,
      true,
      true,
    ]);
  });
});

describe("reading records stored under looser input limits", () => {
  it("reads a capacity below today's 0.001 MW minimum as it was stored", () => {
    const capacity = { powerMw: 0.0005, accelerators: [{ model: "H100", count: 8 }] };
    const item = fromCommitmentItem({
      pk: "CMT#x",
      sk: "RECORD",
      type: "commitment",
      version: 2,
      record: { ...record, capacity },
    });

    expect(item?.record.capacity).toEqual(capacity);
  });
});
