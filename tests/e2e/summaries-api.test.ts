/**
 * Summaries over HTTP on the local stack, with a clock the test moves: records are written "in" 2025-W07, read
 * while the week is under way (provisional), then generated on the Monday after, in JSON, Markdown and HTML.
 */
import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitmentInput } from "../support/fixtures.ts";
import { client } from "../support/http.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

let clock = new Date("2025-02-11T10:00:00.000Z");
const setClock = (iso: string) => {
  clock = new Date(iso);
};

let stack: TestStack;
let api: ReturnType<typeof client>;
let anonymous: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startTestStack({ now: () => clock });
  api = client(stack.url, stack.adminKey);
  anonymous = client(stack.url);
  const put = await api("PUT", "/fx-rates/KRW/2025-01-22", {
    body: { unitsPerUsd: "1440", kind: "implied", source: "IT동아, rounded" },
  });
  expect(put.status, put.text).toBe(200);
  for (const [at, overrides] of [
    [
      "2025-02-11T10:00:00.000Z",
      {
        title: "국가 AI 컴퓨팅 센터 (National AI Computing Center)",
        announcedOn: "2025-01-22",
        parties: [{ name: "과학기술정보통신부", role: "government" }],
        amount: { currency: "KRW", value: "2500000000000", qualifier: "up-to" },
        location: { country: "KR" },
      },
    ],
    [
      "2025-02-12T10:00:00.000Z",
      {
        title: "<script>alert('summary')</script> Meta AI infrastructure 2025",
        announcedOn: "2025-01-24",
        parties: [{ name: "Meta", role: "funder" }],
        amount: { currency: "USD", low: "60000000000", high: "65000000000", qualifier: "range" },
      },
    ],
  ] as const) {
    setClock(at);
    const created = await api("POST", "/commitments", { body: commitmentInput(overrides) });
    expect(created.status, created.text).toBe(201);
  }
});
afterAll(async () => {
  await stack?.close();
});

describe("while the week is under way", () => {
  it("answers GET with a provisional summary that is not cached", async () => {
    setClock("2025-02-13T12:00:00.000Z");
    const response = await anonymous("GET", "/summaries/weekly/2025-W07");

    expect(response.status, "status").toBe(200);
    expect(response.json.final, "final").toBe(false);
    expect(response.json.headline.newCommitments, "new commitments").toBe(2);
    expect(response.headers.get("cache-control"), "Cache-Control").toBe("no-store");
  });

  it("answers POST with the provisional summary and stores nothing", async () => {
    setClock("2025-02-13T12:00:00.000Z");
    const posted = await api("POST", "/summaries", { body: { period: "weekly", key: "2025-W07" } });
    const listed = await anonymous("GET", "/summaries");

    expect(posted.status, "status").toBe(200);
    expect(posted.json.final, "final").toBe(false);
    expect(posted.headers.get("x-summary-outcome"), "outcome").toBe("provisional");
    expect(listed.json.items, "stored summaries").toEqual([]);
  });
});

describe("after the week", () => {
  it("generates the last complete week on POST without a key: 201 and its Location", async () => {
    setClock("2025-02-17T00:05:00.000Z");
    const response = await api("POST", "/summaries", { body: { period: "weekly" } });

    expect(response.status, "status").toBe(201);
    expect(response.headers.get("location"), "Location").toBe("/summaries/weekly/2025-W07");
    expect(response.json.key, "key").toBe("weekly/2025-W07");
    expect(response.json.final, "final").toBe(true);
  });

  it("regenerates it as 200 with the same content, which GET then serves", async () => {
    setClock("2025-02-18T09:00:00.000Z");
    const again = await api("POST", "/summaries", { body: { period: "weekly", key: "weekly/2025-W07" } });
    const read = await anonymous("GET", "/summaries/weekly/2025-W07");

    expect(again.status, "status").toBe(200);
    expect(again.headers.get("x-summary-outcome"), "outcome").toBe("unchanged");
    expect(read.text, "what GET serves").toBe(again.text);
  });

  it("serves Markdown with the figures in words and the Korean title intact", async () => {
    const response = await anonymous("GET", "/summaries/weekly/2025-W07?format=md");

    expect({
      type: response.headers.get("content-type"),
      title: response.text.split("\n")[0],
      korea: response.text.includes("**[국가 AI 컴퓨팅 센터 (National AI Computing Center)]("),
      figure: response.text.includes("— up to ₩2.5T ≈ US$1.74B at ₩1,440/US$, implied rate · South Korea · "),
      range: response.text.includes("— US$60B–65B · Several countries"),
      headline: response.text.includes("**US$60B–65B in new commitments this week, plus up to US$1.74B.**"),
    }).toEqual({
      type: "text/markdown; charset=utf-8",
      title: "# Weekly summary: Week 7 of 2025",
      korea: true,
      figure: true,
      range: true,
      headline: true,
    });
  });

  it("serves a standalone HTML page with its chart and the script title escaped", async () => {
    const response = await anonymous("GET", "/summaries/weekly/2025-W07?format=html");

    expect({
      type: response.headers.get("content-type"),
      svg: response.text.includes("<svg"),
      script: response.text.includes("<script"),
      escaped: response.text.includes("&lt;script&gt;alert(&#39;summary&#39;)&lt;/script&gt;"),
      korean: response.text.includes("국가 AI 컴퓨팅 센터"),
    }).toEqual({ type: "text/html; charset=utf-8", svg: true, script: false, escaped: true, korean: true });
  });

  it("links each commitment to its dashboard page and its record on the origin asked", async () => {
    const response = await anonymous("GET", "/summaries/weekly/2025-W07?format=html");
    const ids = [...response.text.matchAll(/href="([^"]+)\/#\/commitments\/(cmt_[^"]+)"/g)];
    const [origin, id] = [ids[0]?.[1], ids[0]?.[2]];
    const record = await anonymous("GET", `/commitments/${id}`);

    expect(origin, "the dashboard link's origin").toBe(stack.url);
    expect(response.text, "the record link").toContain(`href="${stack.url}/commitments/${id}"`);
    expect(record.status, "the record it names").toBe(200);
  });

  it("serves HTML to a browser that asks for it", async () => {
    const response = await anonymous("GET", "/summaries/weekly/2025-W07", {
      headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" },
    });

    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });
});

describe("listing", () => {
  beforeAll(async () => {
    setClock("2025-03-01T00:05:00.000Z");
    const monthly = await api("POST", "/summaries", { body: { period: "monthly" } });
    expect(monthly.status, "setup: the monthly summary's status").toBe(201);
    expect(monthly.json.key, "setup: the monthly summary's key").toBe("monthly/2025-02");
  });

  it("lists both kinds newest first", async () => {
    const response = await anonymous("GET", "/summaries");

    expect(response.json.items.map((item: { key: string }) => item.key)).toEqual([
      "monthly/2025-02",
      "weekly/2025-W07",
    ]);
  });

  it("lists one kind with ?period", async () => {
    const response = await anonymous("GET", "/summaries?period=monthly");

    expect(
      response.json.items.map((item: { key: string; headline: { newCommitments: number } }) => [
        item.key,
        item.headline.newCommitments,
      ]),
    ).toEqual([["monthly/2025-02", 2]]);
  });

  it("pages with a signed cursor", async () => {
    const first = await anonymous("GET", "/summaries?limit=1");
    const second = await anonymous(
      "GET",
      `/summaries?limit=1&cursor=${encodeURIComponent(first.json.nextCursor)}`,
    );

    expect(second.json.items.map((item: { key: string }) => item.key)).toEqual(["weekly/2025-W07"]);
  });

  it("refuses a cursor issued for another listing with a 400", async () => {
    const weekly = await anonymous("GET", "/summaries?period=weekly&limit=1");
    const response = await anonymous(
      "GET",
      `/summaries?limit=1&cursor=${encodeURIComponent(weekly.json.nextCursor)}`,
    );

    expect(response.status).toBe(400);
  });
});

describe("the Atom feed", () => {
  it("lists the published summaries newest first, as a feed library reads them", async () => {
    const response = await anonymous("GET", "/summaries/feed.atom");
    const feed = parseFeed(response.text);

    expect({
      type: response.headers.get("content-type"),
      ids: feed.items.map((item) => item.id),
      links: feed.items.map((item) => item.url),
      summary: feed.items[1]?.description,
    }).toEqual({
      type: "application/atom+xml; charset=utf-8",
      ids: [`${stack.url}/summaries/monthly/2025-02`, `${stack.url}/summaries/weekly/2025-W07`],
      links: [
        `${stack.url}/summaries/monthly/2025-02?format=html`,
        `${stack.url}/summaries/weekly/2025-W07?format=html`,
      ],
      summary: "US$60B–65B in new commitments this week, plus up to US$1.74B.",
    });
  });

  it("links each entry to a page that answers", async () => {
    const feed = parseFeed((await anonymous("GET", "/summaries/feed.atom")).text);
    const page = await anonymous("GET", `${new URL(feed.items[0]?.url ?? "").pathname}?format=html`);

    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });

  it("is well-formed and carries the script title as escaped text", async () => {
    const xml = (await anonymous("GET", "/summaries/feed.atom")).text;
    // A plain XML parser: the feed library decodes `content` a second time (its issue #209).
    const entries = new XMLParser().parse(xml).feed.entry as { content: string }[];

    expect(XMLValidator.validate(xml), "well-formed").toBe(true);
    expect(
      entries.some((entry) => entry.content.includes("<script")),
      "a script element",
    ).toBe(false);
    expect(
      entries.every((entry) =>
        entry.content.includes("&lt;script&gt;alert(&#39;summary&#39;)&lt;/script&gt;"),
      ),
      "the title, escaped",
    ).toBe(true);
  });
});

describe("refusals", () => {
  it("answers 404 with a hint for a past week never generated", async () => {
    setClock("2025-03-01T00:05:00.000Z");
    const response = await anonymous("GET", "/summaries/weekly/2025-W05");

    expect(response.status, "status").toBe(404);
    expect(response.json.detail, "detail").toBe(
      'no summary weekly/2025-W05 has been generated; POST /summaries {"period":"weekly","key":"2025-W05"} generates it',
    );
  });

  it.each([
    ["a week that has not begun", "/summaries/weekly/2025-W20"],
    ["a week that does not exist", "/summaries/weekly/2021-W53"],
    ["an unknown kind", "/summaries/daily/2025-01"],
    ["an unknown format", "/summaries/weekly/2025-W07?format=pdf"],
  ])("answers 422 for %s", async (_, path) => {
    setClock("2025-03-01T00:05:00.000Z");

    expect((await anonymous("GET", path)).status).toBe(422);
  });

  it("answers 422 for a key of the other kind", async () => {
    const response = await api("POST", "/summaries", { body: { period: "weekly", key: "monthly/2025-02" } });

    expect(response.status, "status").toBe(422);
    expect(response.json.errors, "errors").toEqual([
      { path: "key", message: "names a monthly summary, but period is weekly" },
    ]);
  });

  it("answers 401 to POST without a key", async () => {
    expect((await anonymous("POST", "/summaries", { body: { period: "weekly" } })).status).toBe(401);
  });
});
