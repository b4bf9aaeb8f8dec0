import { describe, expect, it } from "vitest";
import { type Commitment, commitmentSchema } from "../../shared/commitments/schema.ts";
import { eventFor, matchesFilter, wants } from "../../shared/webhooks/events.ts";

const at = "2025-02-01T00:00:00.000Z";
const record = (overrides: Partial<Commitment> = {}): Commitment =>
  commitmentSchema.parse({
    id: "cmt_01JHQ4V6Z9X8Y7W6V5T4S3R2Q1",
    title: "Stargate",
    announcedOn: "2025-01-21",
    announcedOnPrecision: "day",
    parties: [{ name: "SoftBank Group", role: "funder", slug: "softbank-group" }],
    amount: { currency: "USD", low: "500000000000", high: "500000000000", qualifier: "at-least" },
    amountUsd: {
      low: "500000000000",
      high: "500000000000",
      rate: { currency: "USD", date: null, unitsPerUsd: "1", kind: null, source: null, version: null },
      stale: false,
    },
    categories: ["data-center", "energy"],
    location: { country: "US" },
    status: "announced",
    confidence: "official",
    sources: [{ url: "https://openai.com/index/announcing-the-stargate-project/" }],
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  });
const item = (value: Commitment, extra: Record<string, unknown> = {}) => ({
  pk: `CMT#${value.id}`,
  sk: "RECORD",
  type: "commitment",
  version: value.version,
  childCount: 0,
  record: value,
  ...extra,
});

describe("eventFor", () => {
  it("makes commitment.created of an INSERT, with an id stable for that version", () => {
    const event = eventFor({ change: "INSERT", oldImage: undefined, newImage: item(record()), at });
    expect([event?.type, event?.id, event?.timestamp]).toEqual([
      "commitment.created",
      "cmt_01JHQ4V6Z9X8Y7W6V5T4S3R2Q1.v1",
      at,
    ]);
  });

  it("makes commitment.updated of a MODIFY with a higher version, carrying the changed fields", () => {
    const before = record();
    const after = record({ status: "planned", version: 2, updatedAt: "2025-02-02T00:00:00.000Z" });
    const event = eventFor({ change: "MODIFY", oldImage: item(before), newImage: item(after), at });
    expect([event?.type, event?.data.changes]).toEqual([
      "commitment.updated",
      { status: { from: "announced", to: "planned" } },
    ]);
  });

  it("makes nothing of a MODIFY that leaves the version alone", () => {
    const event = eventFor({
      change: "MODIFY",
      oldImage: item(record()),
      newImage: item(record(), { childCount: 2, coveredAfter: true }),
      at,
    });
    expect(event).toBeUndefined();
  });

  it("makes commitment.deleted of a REMOVE, carrying the last state", () => {
    const event = eventFor({ change: "REMOVE", oldImage: item(record()), newImage: undefined, at });
    expect([event?.type, (event?.data.commitment as Commitment | undefined)?.id]).toEqual([
      "commitment.deleted",
      "cmt_01JHQ4V6Z9X8Y7W6V5T4S3R2Q1",
    ]);
  });

  it("makes nothing of other items", () => {
    expect(
      eventFor({ change: "INSERT", oldImage: undefined, newImage: { type: "revision" }, at }),
    ).toBeUndefined();
  });

  it("throws on a commitment item whose record is not a record (a poison record)", () => {
    expect(() =>
      eventFor({
        change: "INSERT",
        oldImage: undefined,
        newImage: { type: "commitment", record: { id: 1 } },
        at,
      }),
    ).toThrow();
  });

  it("publishes a summary on INSERT and on a MODIFY that changes its contentHash only", () => {
    const summary = (contentHash: string) => ({
      type: "summary",
      key: "monthly/2025-01",
      period: "monthly",
      final: false,
      contentHash,
      content: {},
    });
    expect([
      eventFor({ change: "INSERT", oldImage: undefined, newImage: summary("a"), at })?.type,
      eventFor({ change: "MODIFY", oldImage: summary("a"), newImage: summary("a"), at }),
      eventFor({ change: "MODIFY", oldImage: summary("a"), newImage: summary("b"), at })?.id,
      eventFor({ change: "REMOVE", oldImage: summary("a"), newImage: undefined, at }),
    ]).toEqual(["summary.published", undefined, "summary.monthly/2025-01.b", undefined]);
  });
});

describe("summary.published", () => {
  it("carries the key, period, final, hash and the item's top-level headline, stamped when generated", () => {
    const event = eventFor({
      change: "INSERT",
      oldImage: undefined,
      newImage: {
        type: "summary",
        key: "weekly/2025-W05",
        period: "weekly",
        final: true,
        contentHash: "h1",
        generatedAt: "2025-02-03T00:05:00.000Z",
        headline: { newCommitments: 2 },
        content: { headline: { newCommitments: 2 } },
      },
      at,
    });
    expect([event?.timestamp, event?.data]).toEqual([
      "2025-02-03T00:05:00.000Z",
      {
        key: "weekly/2025-W05",
        period: "weekly",
        final: true,
        contentHash: "h1",
        path: "/summaries/weekly/2025-W05",
        headline: { newCommitments: 2 },
      },
    ]);
  });
});

describe("matchesFilter", () => {
  it.each([
    [{ minUsd: "500000000000" }, true],
    [{ minUsd: "500000000001" }, false],
    [{ countries: ["US", "KR"] }, true],
    [{ countries: ["KR"] }, false],
    [{ categories: ["energy"] }, true],
    [{ categories: ["chips"] }, false],
    [{ parties: ["SoftBank Group"] }, true],
    [{ parties: ["softbank-group"] }, true],
    [{ parties: ["Meta"] }, false],
    [{ countries: ["US"], categories: ["chips"] }, false],
  ])("%j matches: %s", (filter, expected) => {
    expect(matchesFilter(record(), filter as never)).toBe(expected);
  });

  it("never matches minUsd for an unconverted record", () => {
    expect(matchesFilter(record({ amountUsd: null }), { minUsd: "1" })).toBe(false);
  });
});

describe("wants", () => {
  const event = eventFor({ change: "INSERT", oldImage: undefined, newImage: item(record()), at });
  if (!event) throw new Error("no event");

  it("skips a disabled subscription", () => {
    expect(wants({ enabled: false, events: ["commitment.created"] }, event)).toBe(false);
  });

  it("skips a subscription to other events", () => {
    expect(wants({ enabled: true, events: ["commitment.deleted"] }, event)).toBe(false);
  });

  it("takes an update when the record before the change passed the filter", () => {
    const before = record();
    const after = record({
      amountUsd: {
        low: "1",
        high: "1",
        rate: { currency: "USD", date: null, unitsPerUsd: "1", kind: null, source: null, version: null },
        stale: false,
      },
      version: 2,
    });
    const update = eventFor({ change: "MODIFY", oldImage: item(before), newImage: item(after), at });
    if (!update) throw new Error("no update");
    expect(wants({ enabled: true, events: ["commitment.updated"], filter: { minUsd: "100" } }, update)).toBe(
      true,
    );
  });
});

describe("stream images", () => {
  it("reads an aggregate whose exact sum is beyond a JS number as an item of its type, without failing", async () => {
    const { tableChange } = await import("../../shared/webhooks/stream.ts");
    const aggregate = { type: { S: "aggregate" }, official_usdHigh: { N: "123456789012345678901234" } };
    const change = tableChange(
      { eventName: "MODIFY", dynamodb: { NewImage: aggregate, OldImage: aggregate } },
      new Date("2025-02-01T00:00:00Z"),
    );
    expect([change.newImage, eventFor(change)]).toEqual([{ type: "aggregate" }, undefined]);
  });
});
