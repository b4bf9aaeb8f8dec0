/**
 * Summaries on a history written "in" past weeks through the store, with a controllable clock, using the public
 * figures of ../shared/facts/seed-commitments.md. The expected numbers are worked out by hand below.
 *
 * EUR rate: 1 EUR = 1.03 USD from 2025-02-01 (a test rate).
 *   France €109,000,000,000 × 1.03 = US$112,270,000,000; MGX €50,000,000,000 × 1.03 = US$51,500,000,000;
 *   EU InvestAI €200,000,000,000 × 1.03 = US$206,000,000,000.
 *
 * 2025-W06 (Feb 3–9):  Microsoft ≈US$80,000,000,000 (announced 2025-01-03) recorded Feb 5.
 * 2025-W07 (Feb 10–16): France €109B (Feb 10), MGX up to €50B as its part (Feb 10), EU InvestAI €200B (Feb 11),
 *   Alphabet ≈US$75B (announced Feb 4, so newly tracked) recorded Feb 12; a further report on Microsoft without
 *   a new figure (Feb 13: a revision, but not of a figure or status, so not listed).
 *   New money = 75,000,000,000 + 112,270,000,000 + 206,000,000,000 = 393,270,000,000 from 3 counted records;
 *   MGX is listed but not added (counted through France).
 *   By country: XX 206,000,000,000; FR 112,270,000,000; US 75,000,000,000.
 *   By category: data-center 393,270,000,000 (3); compute 75,000,000,000 + 206,000,000,000 = 281,000,000,000 (2).
 *   Cumulative: 80,000,000,000 (1) at the start → 473,270,000,000 (4) at the end.
 *   Change: +393,270,000,000 / +3 this week, +80,000,000,000 / +1 the week before, difference +313,270,000,000 / +2.
 * 2025-W08: nothing. Difference against W07: −393,270,000,000 / −3.
 * 2025-W30 (Jul 21–27): Microsoft's status → under-construction (Jul 22); Alphabet raised to ≈US$85B with a new
 *   source (Jul 23): +10,000,000,000; Stargate UAE recorded without a figure (Jul 24, announced May 22).
 *   Cumulative 473,270,000,000 (4) → 483,270,000,000 (5).
 * 2025-02 (month): Microsoft + the four of W07: 5 listed, 4 counted, 473,270,000,000;
 *   by country XX 206,000,000,000, US 155,000,000,000 (75 + 80), FR 112,270,000,000.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { handler as scheduled } from "../../functions/summaries/scheduled.ts";
import { scheduledJobsTask } from "../../infra/local/scheduled-jobs.ts";
import { commitmentInput as schema } from "../../shared/commitments/schema.ts";
import { addSource, createCommitment, patchCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import type { Summary, SummaryTotals } from "../../shared/domain/summary.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import { putFxRate } from "../../shared/store/reconvert.ts";
import { generateSummary, listSummaries, readSummary } from "../../shared/store/summaries.ts";
import { countingDeps } from "../support/counting.ts";
import { testDeps } from "../support/dynamo.ts";

let clock = new Date("2025-02-01T00:00:00.000Z");
const setClock = (iso: string) => {
  clock = new Date(iso);
};

const source = (url: string, publisher: string) => ({ url, publisher });
const records = {
  microsoft: {
    title: "Microsoft AI data centers, fiscal 2025",
    announcedOn: "2025-01-03",
    parties: [{ name: "Microsoft", role: "funder" }],
    amount: { currency: "USD", value: "80000000000", qualifier: "approximately" },
    categories: ["data-center"],
    location: { country: "US" },
    confidence: "official",
    sources: [source("https://blogs.microsoft.com/on-the-issues/2025/01/03/", "Microsoft")],
  },
  france: {
    title: "France AI summit pledges",
    announcedOn: "2025-02-10",
    parties: [{ name: "French Republic", role: "government" }],
    amount: { currency: "EUR", value: "109000000000", qualifier: "exact" },
    categories: ["data-center"],
    location: { country: "FR" },
    confidence: "official",
    sources: [source("https://www.elysee.fr/en/sommet-pour-l-action-sur-l-ia", "Élysée")],
  },
  mgx: (parentId: string) => ({
    title: "MGX campus in France",
    announcedOn: "2025-02-10",
    parties: [{ name: "MGX", role: "funder", kind: "fund" }],
    amount: { currency: "EUR", value: "50000000000", qualifier: "up-to" },
    categories: ["data-center"],
    location: { country: "FR" },
    confidence: "reported",
    parentId,
    sources: [source("https://www.reuters.com/technology/artificial-intelligence/mgx-france/", "Reuters")],
  }),
  investAi: {
    title: "EU InvestAI",
    announcedOn: "2025-02-11",
    parties: [{ name: "European Commission", role: "government" }],
    amount: { currency: "EUR", value: "200000000000", qualifier: "exact" },
    categories: ["compute", "data-center"],
    location: { country: "XX" },
    confidence: "official",
    sources: [
      source("https://ec.europa.eu/commission/presscorner/detail/en/ip_25_467", "European Commission"),
    ],
  },
  alphabet: {
    title: "Alphabet 2025 capex",
    announcedOn: "2025-02-04",
    parties: [{ name: "Alphabet", role: "funder" }],
    amount: { currency: "USD", value: "75000000000", qualifier: "approximately" },
    categories: ["data-center", "compute"],
    location: { country: "US" },
    confidence: "official",
    sources: [source("https://abc.xyz/investor/", "Alphabet")],
  },
  stargateUae: {
    title: "Stargate UAE",
    announcedOn: "2025-05-22",
    parties: [{ name: "G42", role: "lead" }],
    categories: ["data-center", "energy"],
    location: { country: "AE" },
    confidence: "reported",
    capacity: { powerMw: 1000 },
    sources: [source("https://openai.com/index/introducing-stargate-uae/", "OpenAI")],
  },
};

const create = async (deps: Deps, at: string, input: Record<string, unknown>) => {
  setClock(at);
  return (await createCommitment(deps, schema.parse(input))).commitment;
};

/** Writes the weeks W06–W07 (and W30 when `later`) into a fresh table; `rate` adds the EUR rate first. */
async function history(options: { rate: boolean; later: boolean }) {
  const deps = await testDeps({ now: () => clock });
  if (options.rate) {
    setClock("2025-02-01T08:00:00.000Z");
    await putFxRate(
      deps,
      "EUR",
      "2025-02-01",
      { usdPerUnit: "1.03", kind: "market", source: "test rate" },
      "admin",
    );
  }
  const microsoft = await create(deps, "2025-02-05T10:00:00.000Z", records.microsoft);
  const france = await create(deps, "2025-02-10T09:00:00.000Z", records.france);
  const mgx = await create(deps, "2025-02-10T09:30:00.000Z", records.mgx(france.id));
  const investAi = await create(deps, "2025-02-11T14:00:00.000Z", records.investAi);
  const alphabet = await create(deps, "2025-02-12T16:00:00.000Z", records.alphabet);
  setClock("2025-02-13T10:00:00.000Z");
  await addSource(deps, microsoft.id, {
    source: source("https://www.cnbc.com/2025/01/03/microsoft/", "CNBC"),
  });
  const ids = {
    microsoft: microsoft.id,
    france: france.id,
    mgx: mgx.id,
    investAi: investAi.id,
    alphabet: alphabet.id,
  };
  if (!options.later) return { deps, ids };
  setClock("2025-07-22T09:00:00.000Z");
  await patchCommitment(deps, microsoft.id, { status: "under-construction" }, { expectedVersion: 2 });
  setClock("2025-07-23T21:00:00.000Z");
  await addSource(deps, alphabet.id, {
    source: source("https://www.reuters.com/technology/alphabet-raises-capex-85-billion/", "Reuters"),
    amount: { currency: "USD", low: "85000000000", high: "85000000000", qualifier: "approximately" },
  });
  const uae = await create(deps, "2025-07-24T10:00:00.000Z", records.stargateUae);
  return { deps, ids: { ...ids, stargateUae: uae.id } };
}

const totals = (count: string, usd: string, unconverted = "0") => ({
  count,
  usdLow: usd,
  usdHigh: usd,
  unconverted,
});

/** The part of a total these tests compare (their figures are all closed: no "at least"). */
const brief = ({ count, usdLow, usdHigh, unconverted }: SummaryTotals) => ({
  count,
  usdLow,
  usdHigh,
  unconverted,
});

/** A change in the totals as floor and ceiling, or null when it moved nothing. */
const moved = (change: SummaryTotals) =>
  change.count === "0" && Object.keys(change.byQualifier).length === 0
    ? null
    : { low: change.usdLow, high: change.usdHigh };

async function generated(
  deps: Deps,
  now: string,
  period: "weekly" | "monthly",
  key: string,
): Promise<Summary> {
  setClock(now);
  return (await generateSummary(deps, { period, key })).summary;
}

describe("with the EUR rate", () => {
  let deps: Deps;
  beforeAll(async () => {
    ({ deps } = await history({ rate: true, later: true }));
  });

  it("lists W07's four new commitments, MGX as a part not added, Alphabet as newly tracked", async () => {
    const summary = await generated(deps, "2025-08-01T00:00:00Z", "weekly", "2025-W07");

    expect(
      summary.newCommitments.map((entry) => [
        entry.title,
        entry.amountUsd?.high,
        entry.counted,
        entry.notCountedBecause,
        entry.newlyTracked,
      ]),
    ).toEqual([
      ["France AI summit pledges", "112270000000", true, null, false],
      ["MGX campus in France", "51500000000", false, "part-of-parent", false],
      ["EU InvestAI", "206000000000", true, null, false],
      ["Alphabet 2025 capex", "75000000000", true, null, true],
    ]);
  });

  it("adds up W07's new money, by country and category, and its top 5, exactly", async () => {
    const summary = await generated(deps, "2025-08-01T00:00:00Z", "weekly", "2025-W07");

    const rows = (list: typeof summary.newMoney.byCountry) =>
      list.map((row) => ({ key: row.key, ...brief(row) }));
    expect({
      newMoney: {
        total: brief(summary.newMoney.total),
        byCountry: rows(summary.newMoney.byCountry),
        byCategory: rows(summary.newMoney.byCategory),
      },
      top: summary.top.map((entry) => entry.title),
      revisions: summary.revisions,
    }).toEqual({
      newMoney: {
        total: totals("3", "393270000000"),
        byCountry: [
          { key: "XX", ...totals("1", "206000000000") },
          { key: "FR", ...totals("1", "112270000000") },
          { key: "US", ...totals("1", "75000000000") },
        ],
        byCategory: [
          { key: "data-center", ...totals("3", "393270000000") },
          { key: "compute", ...totals("2", "281000000000") },
        ],
      },
      top: ["EU InvestAI", "France AI summit pledges", "Alphabet 2025 capex"],
      revisions: [],
    });
  });

  it("reads W07's cumulative totals and the change against W06 from the ledger", async () => {
    const summary = await generated(deps, "2025-08-01T00:00:00Z", "weekly", "2025-W07");

    const { change } = summary;
    expect({
      cumulative: { atStart: brief(summary.cumulative.atStart), atEnd: brief(summary.cumulative.atEnd) },
      change: {
        previous: change.previous,
        thisPeriod: brief(change.thisPeriod),
        previousPeriod: brief(change.previousPeriod),
        difference: brief(change.difference),
      },
    }).toEqual({
      cumulative: { atStart: totals("1", "80000000000"), atEnd: totals("4", "473270000000") },
      change: {
        previous: {
          key: "weekly/2025-W06",
          start: "2025-02-03T00:00:00.000Z",
          end: "2025-02-10T00:00:00.000Z",
        },
        thisPeriod: totals("3", "393270000000"),
        previousPeriod: totals("1", "80000000000"),
        difference: totals("2", "313270000000"),
      },
    });
  });

  it("says an empty week is empty and still compares it with the week before", async () => {
    const summary = await generated(deps, "2025-08-01T00:00:00Z", "weekly", "2025-W08");

    const { headline } = summary;
    expect({
      headline: { ...headline, newMoney: brief(headline.newMoney), cumulative: brief(headline.cumulative) },
      cumulative: { atStart: brief(summary.cumulative.atStart), atEnd: brief(summary.cumulative.atEnd) },
      difference: brief(summary.change.difference),
    }).toEqual({
      headline: {
        empty: true,
        newCommitments: 0,
        revisions: 0,
        newMoney: totals("0", "0"),
        cumulative: totals("4", "473270000000"),
      },
      cumulative: { atStart: totals("4", "473270000000"), atEnd: totals("4", "473270000000") },
      difference: { count: "-3", usdLow: "-393270000000", usdHigh: "-393270000000", unconverted: "0" },
    });
  });

  it("sums February 2025 across its weeks, Microsoft included", async () => {
    const summary = await generated(deps, "2025-08-01T00:00:00Z", "monthly", "2025-02");

    expect({
      listed: summary.newCommitments.length,
      total: brief(summary.newMoney.total),
      byCountry: summary.newMoney.byCountry.map((row) => [row.key, row.usdHigh]),
      cumulative: { atStart: brief(summary.cumulative.atStart), atEnd: brief(summary.cumulative.atEnd) },
      previousPeriod: brief(summary.change.previousPeriod),
    }).toEqual({
      listed: 5,
      total: totals("4", "473270000000"),
      byCountry: [
        ["XX", "206000000000"],
        ["US", "155000000000"],
        ["FR", "112270000000"],
      ],
      cumulative: { atStart: totals("0", "0"), atEnd: totals("4", "473270000000") },
      previousPeriod: totals("0", "0"),
    });
  });

  it("stores a period once: regenerating gives the same content and hash and writes nothing", async () => {
    setClock("2025-08-02T00:00:00Z");
    const first = await generateSummary(deps, { period: "weekly", key: "weekly/2025-W06" });
    setClock("2025-08-03T00:00:00Z");
    const second = await generateSummary(deps, { period: "weekly", key: "2025-W06" });
    const stored = await deps.db.send(
      new QueryCommand({
        TableName: deps.tableName,
        KeyConditionExpression: "pk = :pk AND sk = :sk",
        ExpressionAttributeValues: { ":pk": "SUMMARY#weekly", ":sk": "2025-W06" },
      }),
    );

    expect({
      outcomes: [first.outcome, second.outcome],
      sameContent: JSON.stringify(second.summary) === JSON.stringify(first.summary),
      items: stored.Items?.map((item) => [item.contentHash, item.generatedAt]),
    }).toEqual({
      outcomes: ["created", "unchanged"],
      sameContent: true,
      items: [[first.summary.contentHash, "2025-08-02T00:00:00.000Z"]],
    });
  });

  it("gives the current week a provisional summary, neither stored nor refused", async () => {
    setClock("2025-07-25T12:00:00Z");
    const read = await readSummary(deps, "weekly", "2025-W30");
    const posted = await generateSummary(deps, { period: "weekly", key: "2025-W30" });
    const stored = await deps.db.send(
      new QueryCommand({
        TableName: deps.tableName,
        KeyConditionExpression: "pk = :pk AND sk = :sk",
        ExpressionAttributeValues: { ":pk": "SUMMARY#weekly", ":sk": "2025-W30" },
      }),
    );

    expect(read.final, "the read summary's final").toBe(false);
    expect(posted.outcome, "the generation's outcome").toBe("provisional");
    expect(posted.summary.final, "the generated summary's final").toBe(false);
    expect(read.headline.revisions, "revisions so far").toBe(2);
    expect(stored.Count, "stored summaries").toBe(0);
  });

  it("refuses a period that has not begun with a 422", async () => {
    setClock("2025-07-25T12:00:00Z");

    await expect(generateSummary(deps, { period: "weekly", key: "2025-W31" })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it("answers 404 for a past period never generated, and does not generate it", async () => {
    setClock("2025-08-01T00:00:00Z");

    await expect(readSummary(deps, "weekly", "2025-W05")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("summarises the last complete week by default, at the Monday 00:05 clock", async () => {
    setClock("2025-07-28T00:05:00Z");
    const { outcome, summary } = await generateSummary(deps, { period: "weekly" });

    expect(outcome, "outcome").toBe("created");
    expect(summary.key, "key").toBe("weekly/2025-W30");
    expect(summary.final, "final").toBe(true);
  });

  it("lists W30's revisions of a figure and a status, and a new commitment without a figure", async () => {
    const summary = await generated(deps, "2025-08-01T00:00:00Z", "weekly", "2025-W30");

    expect({
      revisions: summary.revisions.map((entry) => ({
        title: entry.title,
        change: entry.change,
        amount: entry.amount && [entry.amount.from?.high, entry.amount.to?.high],
        status: entry.status,
        usdChange: moved(entry.moneyChange),
        source: entry.source?.publisher ?? null,
      })),
      newCommitments: summary.newCommitments.map((entry) => [
        entry.title,
        entry.amount,
        entry.counted,
        entry.newlyTracked,
      ]),
      newMoney: brief(summary.newMoney.total),
      cumulative: { atStart: brief(summary.cumulative.atStart), atEnd: brief(summary.cumulative.atEnd) },
      thisPeriod: brief(summary.change.thisPeriod),
    }).toEqual({
      revisions: [
        {
          title: "Microsoft AI data centers, fiscal 2025",
          change: "updated",
          amount: null,
          status: { from: "announced", to: "under-construction" },
          usdChange: null,
          source: null,
        },
        {
          title: "Alphabet 2025 capex",
          change: "source-added",
          amount: ["75000000000", "85000000000"],
          status: null,
          usdChange: { low: "10000000000", high: "10000000000" },
          source: "Reuters",
        },
      ],
      newCommitments: [["Stargate UAE", null, true, true]],
      newMoney: totals("1", "0"),
      cumulative: { atStart: totals("4", "473270000000"), atEnd: totals("5", "483270000000") },
      thisPeriod: totals("1", "10000000000"),
    });
  });
});

describe("without a EUR rate", () => {
  let deps: Deps;
  beforeAll(async () => {
    ({ deps } = await history({ rate: false, later: false }));
  });

  it("counts the euro records as unconverted, never dropped", async () => {
    const summary = await generated(deps, "2025-03-01T00:00:00Z", "weekly", "2025-W07");

    expect({
      total: brief(summary.newMoney.total),
      byCountry: summary.newMoney.byCountry.map((row) => ({ key: row.key, ...brief(row) })),
      top: summary.top.map((entry) => entry.title),
      unconverted: Number(summary.headline.newMoney.unconverted),
    }).toEqual({
      total: totals("3", "75000000000", "2"),
      byCountry: [
        { key: "US", ...totals("1", "75000000000") },
        { key: "FR", ...totals("1", "0", "1") },
        { key: "XX", ...totals("1", "0", "1") },
      ],
      top: ["Alphabet 2025 capex"],
      unconverted: 2,
    });
  });

  it("lists the re-conversions a later rate makes as revisions of the USD figure", async () => {
    setClock("2025-02-18T09:00:00Z");
    await putFxRate(
      deps,
      "EUR",
      "2025-02-01",
      { usdPerUnit: "1.03", kind: "market", source: "test rate" },
      "admin",
    );
    const summary = await generated(deps, "2025-03-01T00:00:00Z", "weekly", "2025-W08");

    expect({
      revisions: summary.revisions.map((entry) => [
        entry.title,
        entry.amountUsd?.to?.high,
        moved(entry.moneyChange)?.high ?? null,
      ]),
      thisPeriod: brief(summary.change.thisPeriod),
    }).toEqual({
      revisions: expect.arrayContaining([
        ["France AI summit pledges", "112270000000", "112270000000"],
        ["MGX campus in France", "51500000000", null],
        ["EU InvestAI", "206000000000", "206000000000"],
      ]),
      thisPeriod: { count: "0", usdLow: "318270000000", usdHigh: "318270000000", unconverted: "-2" },
    });
  });
});

describe("cost", () => {
  it("sends one Query per day and two for the ledger, however many commitments lie outside the period", async () => {
    const deps = await testDeps({ now: () => clock });
    await create(deps, "2025-02-11T10:00:00Z", records.alphabet);
    const queries = async () => {
      const counting = countingDeps(deps);
      setClock("2025-04-01T00:00:00Z");
      await generateSummary(counting.deps, { period: "weekly", key: "2025-W07" });
      await generateSummary(counting.deps, { period: "monthly", key: "2025-02" });
      return counting.sent.filter((name) => name === "QueryCommand").length;
    };
    const before = await queries();
    for (let index = 0; index < 12; index++)
      await create(deps, `2025-03-${String(index + 3).padStart(2, "0")}T10:00:00Z`, {
        ...records.microsoft,
        title: `Other commitment ${index}`,
        parties: [{ name: `Other ${index}`, role: "funder" }],
        // Figures far enough apart not to be near-duplicates of one another (SPEC 2).
        amount: { currency: "USD", value: `${index + 1}000000000`, qualifier: "exact" },
      });

    const after = await queries();

    expect(before, "queries before the other commitments").toBe(7 + 2 + 28 + 2);
    expect(after, "queries after them").toBe(7 + 2 + 28 + 2);
  });
});

describe("the scheduled handler", () => {
  it("summarises the last complete period at its clock, idempotently", async () => {
    const deps = await testDeps({ now: () => clock });
    await create(deps, "2025-02-05T10:00:00Z", records.microsoft);
    setClock("2025-02-10T00:05:00Z");
    const run = scheduled.withDeps(deps);

    expect(
      [await run({ period: "weekly" }), await run({ period: "weekly" })].map((result) => [
        result.key,
        result.outcome,
      ]),
    ).toEqual([
      ["weekly/2025-W06", "created"],
      ["weekly/2025-W06", "unchanged"],
    ]);
  });

  it("refuses an event without a period", async () => {
    const deps = await testDeps({ now: () => clock });

    await expect(scheduled.withDeps(deps)({ period: "daily" })).rejects.toThrow();
  });

  it("runs in the local stack, catching up the last complete week and month at start", async () => {
    const deps = await testDeps({ now: () => clock });
    setClock("2025-03-03T09:00:00Z");
    const task = await scheduledJobsTask.start({ deps, endpoint: undefined, url: "" });
    // Stopping waits for the runs under way: the catch-up runs began as the task started.
    await task.stop();

    const { items } = await listSummaries(deps, { limit: 10 });
    expect(items.map((item) => item.key)).toEqual(["weekly/2025-W09", "monthly/2025-02"]);
  });
});
