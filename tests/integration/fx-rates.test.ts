import { PutCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { beforeEach, describe, expect, test } from "vitest";
import { getCommitment, listRevisions } from "../../shared/commitments/reads.ts";
import { createCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import { registerParty } from "../../shared/parties/registry.ts";
import { findRate, getRateWithHistory, listRates } from "../../shared/store/fx-rates.ts";
import { putFxRate } from "../../shared/store/reconvert.ts";
import { keys } from "../../shared/table/keys.ts";
import { testDeps } from "../support/dynamo.ts";
import { parsedCommitment } from "../support/fixtures.ts";

let deps: Deps;
beforeEach(async () => {
  deps = await testDeps();
});

const krw = (announcedOn: string, value = "1440000000") =>
  parsedCommitment({
    announcedOn,
    amount: { currency: "KRW", value, qualifier: "exact" },
    location: { country: "KR" },
  });

/** Records a KRW rate for `date` as the bootstrap admin. */
const setKrw = (date: string, unitsPerUsd: string, kind: "official" | "market" | "implied", source: string) =>
  putFxRate(deps, "KRW", date, { unitsPerUsd, kind, source }, "admin");

async function itemsOfType(type: string): Promise<Record<string, unknown>[]> {
  const { Items } = await deps.db.send(new ScanCommand({ TableName: deps.tableName, ConsistentRead: true }));
  return (Items ?? []).filter((item) => item.type === type);
}

describe("versions", () => {
  test("a second PUT with another rate makes version 2 and keeps version 1 with who set it and when", async () => {
    await setKrw("2025-01-22", "1440", "implied", "IT동아");
    await putFxRate(
      deps,
      "KRW",
      "2025-01-22",
      { unitsPerUsd: "1450", kind: "market", source: "BOK" },
      "key-2",
    );

    const rate = await getRateWithHistory(deps, "KRW", "2025-01-22");

    expect({
      current: [rate.version, rate.unitsPerUsd, rate.kind, rate.recordedBy],
      history: rate.history.map((version) => [
        version.version,
        version.unitsPerUsd,
        version.kind,
        version.source,
        version.recordedBy,
      ]),
      recordedAt: rate.history.every((version) => typeof version.recordedAt === "string"),
    }).toEqual({
      current: [2, "1450", "market", "key-2"],
      history: [
        [2, "1450", "market", "BOK", "key-2"],
        [1, "1440", "implied", "IT동아", "admin"],
      ],
      recordedAt: true,
    });
  });

  test("the rate in force is the current version, never a history item", async () => {
    await setKrw("2025-01-22", "1440", "implied", "a");
    await setKrw("2025-01-22", "1450", "market", "b");
    await setKrw("2025-01-22", "1460", "market", "c");

    const rate = await findRate(deps, "KRW", "2099-12-31");

    expect([rate?.version, rate?.unitsPerUsd]).toEqual([3, "1460"]);
  });

  test("a PUT identical to the current version changes nothing and re-converts nothing", async () => {
    const { commitment } = await createCommitment(deps, krw("2025-01-22"));
    const body = { unitsPerUsd: "1440", kind: "implied" as const, source: "IT동아" };
    await putFxRate(deps, "KRW", "2025-01-22", body, "admin");

    const again = await putFxRate(deps, "KRW", "2025-01-22", body, "someone-else");

    expect({
      changed: again.changed,
      reconverted: again.reconverted,
      version: again.version,
      recordedBy: again.recordedBy,
      history: (await itemsOfType("fxRateVersion")).length,
      commitmentVersion: (await getCommitment(deps, commitment.id)).version,
    }).toEqual({
      changed: false,
      reconverted: 0,
      version: 1,
      recordedBy: "admin",
      history: 1,
      commitmentVersion: 2,
    });
  });

  test("a new version re-converts with a revision whose note names the version", async () => {
    await setKrw("2025-01-22", "1440", "implied", "a");
    const { commitment } = await createCommitment(deps, krw("2025-02-01"));

    const put = await setKrw("2025-01-22", "1450", "market", "b");
    const after = await getCommitment(deps, commitment.id);
    const { items } = await listRevisions(deps, commitment.id, 1, undefined);

    expect({
      reconverted: put.reconverted,
      rate: after.amountUsd?.rate,
      note: items[0]?.note,
    }).toEqual({
      reconverted: 1,
      rate: {
        currency: "KRW",
        date: "2025-01-22",
        unitsPerUsd: "1450",
        kind: "market",
        source: "b",
        version: 2,
      },
      note: "re-converted with KRW 2025-01-22 version 2: 1450 KRW per USD (market)",
    });
  });

  test("a re-conversion keeps the parties as stored, even when the registry has renamed them all since", async () => {
    // 20 funders and every category: renaming all of them at once would take more writes than a transaction holds.
    const parties = Array.from({ length: 20 }, (_, index) => ({
      name: `Reslug Party ${index}`,
      role: "funder",
    }));
    const { commitment } = await createCommitment(
      deps,
      parsedCommitment({
        announcedOn: "2025-02-01",
        amount: { currency: "KRW", value: "1440000000", qualifier: "exact" },
        parties,
        categories: ["data-center", "compute", "energy", "chips", "network", "research", "talent", "other"],
      }),
    );
    for (const [index, party] of parties.entries())
      await registerParty(deps, `canon-${index}`, {
        name: `Canon ${index}`,
        kind: "company",
        aliases: [party.name],
      });

    const put = await setKrw("2025-01-22", "1440", "official", "BOK");
    const after = await getCommitment(deps, commitment.id);

    expect([put.reconverted, put.notReconverted, after.amountUsd?.low]).toEqual([1, [], "1000000"]);
    expect(after.parties.map((party) => party.slug)).toEqual(commitment.parties.map((party) => party.slug));
  });

  test("a commitment that cannot be re-converted is reported, and the others are re-converted all the same", async () => {
    const [first, second] = [
      (await createCommitment(deps, krw("2025-02-01"))).commitment,
      (await createCommitment(deps, krw("2025-02-02", "2880000000"))).commitment,
    ];
    // Stored before a rule it now breaks (here: a title longer than 200 characters).
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.commitment(first.id),
        UpdateExpression: "SET #record.#title = :title",
        ExpressionAttributeNames: { "#record": "record", "#title": "title" },
        ExpressionAttributeValues: { ":title": "x".repeat(300) },
      }),
    );

    const put = await setKrw("2025-01-22", "1440", "official", "BOK");

    expect(put.reconverted).toBe(1);
    expect(put.notReconverted).toEqual([{ id: first.id, detail: "the commitment would not be valid" }]);
    expect((await getCommitment(deps, second.id)).amountUsd?.low).toBe("2000000");
  });

  test("concurrent PUTs of different rates all become versions, none lost, and the last one is in force", async () => {
    const { commitment } = await createCommitment(deps, krw("2025-01-22"));
    const rates = ["1441", "1442", "1443", "1444", "1445", "1446"];

    await Promise.all(
      rates.map((unitsPerUsd) =>
        putFxRate(
          deps,
          "KRW",
          "2025-01-22",
          { unitsPerUsd, kind: "market", source: `desk ${unitsPerUsd}` },
          "admin",
        ),
      ),
    );
    const rate = await getRateWithHistory(deps, "KRW", "2025-01-22");
    const after = await getCommitment(deps, commitment.id);

    expect({
      versions: rate.history.map((version) => version.version),
      rates: rate.history.map((version) => version.unitsPerUsd).sort(),
      current: rate.unitsPerUsd === rate.history[0]?.unitsPerUsd && rate.version === 6,
      commitmentRate: after.amountUsd?.rate.unitsPerUsd === rate.unitsPerUsd,
    }).toEqual({ versions: [6, 5, 4, 3, 2, 1], rates, current: true, commitmentRate: true });
  }, 120_000);

  test("lists the current rates with kind and version, not their history", async () => {
    await setKrw("2025-01-22", "1440", "implied", "a");
    await setKrw("2025-01-22", "1450", "market", "b");
    await putFxRate(
      deps,
      "EUR",
      "2025-02-10",
      { usdPerUnit: "1.0412", kind: "official", source: "ECB" },
      "admin",
    );

    const page = await listRates(deps, { limit: 100 });

    expect(page.items.map((rate) => [rate.currency, rate.date, rate.kind, rate.version])).toEqual([
      ["KRW", "2025-01-22", "market", 2],
      ["EUR", "2025-02-10", "official", 1],
    ]);
  });
});

describe("rates stored before versions", () => {
  async function storeLegacyRate() {
    await deps.db.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: {
          ...keys.fxRate("KRW", "2025-01-22"),
          type: "fxRate",
          currency: "KRW",
          date: "2025-01-22",
          unitsPerUsd: "1440",
          source: "IT동아",
          recordedAt: "2025-02-01T00:00:00.000Z",
        },
      }),
    );
  }

  test("reads as version 1 with kind and author unknown", async () => {
    await storeLegacyRate();

    const rate = await getRateWithHistory(deps, "KRW", "2025-01-22");

    expect([
      rate.version,
      rate.kind,
      rate.recordedBy,
      rate.history.map((version) => version.version),
    ]).toEqual([1, null, null, [1]]);
  });

  test("keeps its value as version 1 when a new version is recorded", async () => {
    await storeLegacyRate();
    await setKrw("2025-01-22", "1440", "implied", "IT동아");

    const rate = await getRateWithHistory(deps, "KRW", "2025-01-22");

    expect(
      rate.history.map((version) => [version.version, version.unitsPerUsd, version.kind, version.source]),
    ).toEqual([
      [2, "1440", "implied", "IT동아"],
      [1, "1440", null, "IT동아"],
    ]);
  });
});

describe("stale conversions", () => {
  test("a 2026 record converted with a 2025 rate is stale", async () => {
    await setKrw("2025-01-22", "1440", "implied", "a");

    const { commitment } = await createCommitment(deps, krw("2026-03-01"));

    expect(commitment.amountUsd?.stale).toBe(true);
  });

  test("a rate dated near the announcement re-converts the record and it is no longer stale", async () => {
    await setKrw("2025-01-22", "1440", "implied", "a");
    const { commitment } = await createCommitment(deps, krw("2026-03-01"));

    await setKrw("2026-02-27", "1380", "official", "BOK");

    expect((await getCommitment(deps, commitment.id)).amountUsd).toMatchObject({
      rate: { date: "2026-02-27" },
      stale: false,
    });
  });

  test("a record stored before conversions had the flag reads with it derived", async () => {
    await setKrw("2025-01-22", "1440", "implied", "a");
    const { commitment } = await createCommitment(deps, krw("2026-03-01"));
    const [item] = await itemsOfType("commitment");
    const record = item?.record as { amountUsd: { rate: Record<string, unknown>; stale?: boolean } };
    const { kind, version, ...legacyRate } = record.amountUsd.rate;
    const { stale, ...legacyUsd } = record.amountUsd;
    await deps.db.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: { ...item, record: { ...record, amountUsd: { ...legacyUsd, rate: legacyRate } } },
      }),
    );

    expect((await getCommitment(deps, commitment.id)).amountUsd).toMatchObject({
      rate: { kind: null, version: null },
      stale: true,
    });
  });
});
