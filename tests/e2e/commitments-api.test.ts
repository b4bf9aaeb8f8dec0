import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeList } from "../../shared/http/routes.ts";
import { commitmentInput } from "../support/fixtures.ts";
import { client, type Response } from "../support/http.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

const ID = /^cmt_[0-9A-HJKMNP-TV-Z]{26}$/;

let stack: TestStack;
let api: ReturnType<typeof client>;
let anonymous: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startTestStack();
  api = client(stack.url, stack.adminKey);
  anonymous = client(stack.url);
});
afterAll(async () => {
  await stack?.close();
});

let serial = 0;
/** A name no other test of this file uses, so fingerprints and party filters stay apart. */
function unique(name: string): string {
  serial += 1;
  return `${name} ${serial}`;
}

let nextYear = 1950;
/** A year only one test announces commitments in: listing tests filter by it to see their own records only. */
function freshYear(): number {
  nextYear += 1;
  return nextYear;
}
const within = (year: number) => `from=${year}-01-01&to=${year}-12-31`;

async function create(overrides: Record<string, unknown> = {}): Promise<Response> {
  const response = await api("POST", "/commitments", { body: commitmentInput(overrides) });
  if (response.status !== 201) throw new Error(`setup create failed: ${response.status} ${response.text}`);
  return response;
}

async function createId(overrides: Record<string, unknown> = {}): Promise<string> {
  return (await create(overrides)).json.id as string;
}

const usd = (value: string) => ({ currency: "USD", value, qualifier: "exact" });

async function listIds(query: string): Promise<string[]> {
  const response = await api("GET", `/commitments?${query}`);
  if (response.status !== 200) throw new Error(`list failed: ${response.status} ${response.text}`);
  return response.json.items.map((item: { id: string }) => item.id);
}

async function patch(id: string, body: unknown, version: number): Promise<Response> {
  return api("PATCH", `/commitments/${id}`, {
    body,
    headers: { "content-type": "application/merge-patch+json", "if-match": `"${version}"` },
  });
}

describe("POST /commitments", () => {
  it("answers 201 with Location, ETag 1 and the server-set fields", async () => {
    const party = unique("SoftBank Group");

    const response = await api("POST", "/commitments", {
      body: commitmentInput({
        parties: [{ name: party, role: "funder", kind: "company" }],
        amount: { currency: "USD", value: "100000000000", qualifier: "at-least" },
      }),
    });

    expect({
      status: response.status,
      location: response.headers.get("location"),
      etag: response.headers.get("etag"),
      id: response.json.id,
      version: response.json.version,
      slugs: response.json.parties.map((p: { slug: string }) => p.slug),
      amountUsd: response.json.amountUsd,
    }).toEqual({
      status: 201,
      location: `/commitments/${response.json.id}`,
      etag: '"1"',
      id: expect.stringMatching(ID),
      version: 1,
      slugs: [party.toLowerCase().replaceAll(" ", "-")],
      amountUsd: {
        low: "100000000000",
        high: "100000000000",
        rate: { currency: "USD", date: null, unitsPerUsd: "1", kind: null, source: null, version: null },
        stale: false,
      },
    });
  });
});

describe("GET /commitments/{id}", () => {
  it("answers the record with its version as ETag", async () => {
    const created = await create();

    const response = await anonymous("GET", `/commitments/${created.json.id}`);

    expect({ status: response.status, etag: response.headers.get("etag"), body: response.json }).toEqual({
      status: 200,
      etag: '"1"',
      body: created.json,
    });
  });

  it("answers 404 for an unknown id", async () => {
    const response = await api("GET", "/commitments/cmt_01JJ0000000000000000000000");

    expect({ status: response.status, type: response.headers.get("content-type") }).toEqual({
      status: 404,
      type: "application/problem+json",
    });
  });

  it("answers 404 for a deleted commitment", async () => {
    const id = await createId();
    await api("DELETE", `/commitments/${id}`);

    const response = await api("GET", `/commitments/${id}`);

    expect(response.status).toBe(404);
  });
});

describe("GET /commitments filters", () => {
  it("filters by party slug", async () => {
    const party = unique("Filter Party");
    const mine = await createId({ parties: [{ name: party, role: "funder" }] });
    await createId();

    const ids = await listIds(`party=${party.toLowerCase().replaceAll(" ", "-")}`);

    expect(ids).toEqual([mine]);
  });

  it("filters by party name", async () => {
    const party = unique("Named Party Holdings");
    const mine = await createId({ parties: [{ name: party, role: "lead" }] });

    const ids = await listIds(`party=${encodeURIComponent(party)}`);

    expect(ids).toEqual([mine]);
  });

  it("filters by country", async () => {
    const year = freshYear();
    const korean = await createId({ announcedOn: `${year}-03-01`, location: { country: "KR" } });
    await createId({ announcedOn: `${year}-03-02`, location: { country: "FR" } });

    const ids = await listIds(`country=KR&${within(year)}`);

    expect(ids).toEqual([korean]);
  });

  it("filters by category", async () => {
    const year = freshYear();
    const energy = await createId({ announcedOn: `${year}-03-01`, categories: ["energy", "data-center"] });
    await createId({ announcedOn: `${year}-03-02`, categories: ["chips"] });

    const ids = await listIds(`category=energy&${within(year)}`);

    expect(ids).toEqual([energy]);
  });

  it("filters by status", async () => {
    const year = freshYear();
    const building = await createId({ announcedOn: `${year}-03-01`, status: "under-construction" });
    await createId({ announcedOn: `${year}-03-02` });

    const ids = await listIds(`status=under-construction&${within(year)}`);

    expect(ids).toEqual([building]);
  });

  it("filters by confidence", async () => {
    const year = freshYear();
    const estimate = await createId({ announcedOn: `${year}-03-01`, confidence: "estimate" });
    await createId({ announcedOn: `${year}-03-02`, confidence: "reported" });

    const ids = await listIds(`confidence=estimate&${within(year)}`);

    expect(ids).toEqual([estimate]);
  });

  it("filters by announcement dates from and to, inclusive", async () => {
    const year = freshYear();
    await createId({ announcedOn: `${year}-01-31` });
    const first = await createId({ announcedOn: `${year}-02-01` });
    const last = await createId({ announcedOn: `${year}-02-28` });
    await createId({ announcedOn: `${year}-03-01` });

    const ids = await listIds(`from=${year}-02-01&to=${year}-02-28`);

    expect(ids).toEqual([last, first]);
  });

  it("filters by minUsd", async () => {
    const year = freshYear();
    await createId({ announcedOn: `${year}-03-01`, amount: usd("10000000000") });
    const big = await createId({ announcedOn: `${year}-03-02`, amount: usd("50000000000") });

    const ids = await listIds(`minUsd=20000000000&${within(year)}`);

    expect(ids).toEqual([big]);
  });

  it("filters by maxUsd", async () => {
    const year = freshYear();
    const small = await createId({ announcedOn: `${year}-03-01`, amount: usd("10000000000") });
    await createId({ announcedOn: `${year}-03-02`, amount: usd("50000000000") });

    const ids = await listIds(`maxUsd=20000000000&${within(year)}`);

    expect(ids).toEqual([small]);
  });

  it("matches q case-insensitively in Latin script", async () => {
    const word = unique("Zephyrion").replace(" ", "");
    const mine = await createId({ title: `The ${word} campus` });

    const ids = await listIds(`q=${word.toUpperCase()}`);

    expect(ids).toEqual([mine]);
  });

  it("matches q in Korean", async () => {
    const mine = await createId({
      title: "국가 AI 컴퓨팅 센터",
      parties: [{ name: unique("과학기술정보통신부"), role: "government", kind: "government" }],
      location: { country: "KR" },
    });

    const ids = await listIds(`q=${encodeURIComponent("컴퓨팅")}`);

    expect(ids).toEqual([mine]);
  });
});

describe("GET /commitments sort orders", () => {
  let year: number;
  let records: { early: string; middle: string; late: string };
  beforeAll(async () => {
    year = freshYear();
    records = {
      early: await createId({ announcedOn: `${year}-01-10`, amount: usd("30000000000") }),
      middle: await createId({ announcedOn: `${year}-05-10`, amount: usd("90000000000") }),
      late: await createId({ announcedOn: `${year}-09-10`, amount: usd("10000000000") }),
    };
  });

  it("sorts newest announcement first by default", async () => {
    expect(await listIds(within(year))).toEqual([records.late, records.middle, records.early]);
  });

  it("sorts oldest announcement first with sort=announcedOn", async () => {
    expect(await listIds(`sort=announcedOn&${within(year)}`)).toEqual([
      records.early,
      records.middle,
      records.late,
    ]);
  });

  it("sorts by USD amount ascending with sort=amountUsd", async () => {
    expect(await listIds(`sort=amountUsd&${within(year)}`)).toEqual([
      records.late,
      records.early,
      records.middle,
    ]);
  });

  it("sorts by USD amount descending with sort=-amountUsd", async () => {
    expect(await listIds(`sort=-amountUsd&${within(year)}`)).toEqual([
      records.middle,
      records.early,
      records.late,
    ]);
  });
});

describe("GET /commitments paging", () => {
  it("returns at most limit items", async () => {
    const year = freshYear();
    for (const day of ["01", "02", "03"]) await createId({ announcedOn: `${year}-04-${day}` });

    const response = await api("GET", `/commitments?limit=2&${within(year)}`);

    expect({ count: response.json.items.length, more: typeof response.json.nextCursor }).toEqual({
      count: 2,
      more: "string",
    });
  });

  it("pages through three pages with nextCursor, without duplicates or gaps", async () => {
    const year = freshYear();
    const created: string[] = [];
    for (let day = 1; day <= 7; day++)
      created.push(await createId({ announcedOn: `${year}-06-${String(day).padStart(2, "0")}` }));

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=3&${within(year)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const response = await api("GET", `/commitments?${query}`);
      pages.push(response.json.items.map((item: { id: string }) => item.id));
      cursor = response.json.nextCursor;
    } while (cursor && pages.length < 10);

    expect(pages).toEqual([created.slice(4).reverse(), created.slice(1, 4).reverse(), created.slice(0, 1)]);
  });
});

describe("GET /commitments as CSV", () => {
  const title = "과학기술정보통신부 GPU 확보 사업";
  let year: number;
  beforeAll(async () => {
    year = freshYear();
    await createId({
      title,
      announcedOn: `${year}-01-22`,
      parties: [{ name: unique("과학기술정보통신부"), role: "government" }],
      location: { country: "KR" },
    });
  });

  it("answers ?format=csv with text/csv, a BOM, a header row and the Korean title byte for byte", async () => {
    const response = await fetch(`${stack.url}/commitments?format=csv&${within(year)}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const bom = bytes.subarray(0, 3).toString("hex");
    const [header, row] = bytes.subarray(3).toString("utf8").split("\r\n");

    expect({
      status: response.status,
      type: response.headers.get("content-type"),
      bom,
      header: header?.split(",").slice(0, 3),
      title: row?.split(",")[1],
      exact: bytes.includes(Buffer.from(title, "utf8")),
    }).toEqual({
      status: 200,
      type: expect.stringMatching(/^text\/csv/),
      bom: "efbbbf",
      header: ["id", "title", "description"],
      title,
      exact: true,
    });
  });

  it("answers Accept: text/csv with CSV", async () => {
    const response = await api("GET", `/commitments?${within(year)}`, { headers: { accept: "text/csv" } });

    expect({
      type: response.headers.get("content-type"),
      header: response.text.split("\r\n")[0]?.startsWith("id,title,"),
      rows: response.text.split("\r\n").filter(Boolean).length,
    }).toEqual({ type: expect.stringMatching(/^text\/csv/), header: true, rows: 2 });
  });
});

describe("PATCH /commitments/{id}", () => {
  it("applies an application/merge-patch+json patch and bumps the version", async () => {
    const id = await createId();

    const response = await patch(id, { status: "planned" }, 1);

    expect({
      status: response.status,
      etag: response.headers.get("etag"),
      version: response.json.version,
      recordStatus: response.json.status,
    }).toEqual({ status: 200, etag: '"2"', version: 2, recordStatus: "planned" });
  });

  it("accepts a patch sent as application/json", async () => {
    const id = await createId();

    const response = await api("PATCH", `/commitments/${id}`, {
      body: { confidence: "reported" },
      headers: { "if-match": '"1"' },
    });

    expect({ status: response.status, confidence: response.json.confidence }).toEqual({
      status: 200,
      confidence: "reported",
    });
  });

  it("answers 428 without If-Match", async () => {
    const id = await createId();

    const response = await api("PATCH", `/commitments/${id}`, { body: { status: "planned" } });

    expect(response.status).toBe(428);
  });

  it("answers 412 when If-Match names a stale version", async () => {
    const id = await createId();
    await patch(id, { status: "planned" }, 1);

    const response = await patch(id, { status: "delayed" }, 1);

    expect(response.status).toBe(412);
  });

  it("removes an optional field patched to null", async () => {
    const id = await createId({ description: "first announcement", tags: ["capex"] });

    const response = await patch(id, { description: null }, 1);

    expect({
      status: response.status,
      has: "description" in response.json,
      tags: response.json.tags,
    }).toEqual({ status: 200, has: false, tags: ["capex"] });
  });

  it("answers 422 for an unknown field", async () => {
    const id = await createId();

    const response = await patch(id, { colour: "blue" }, 1);

    expect(response.status).toBe(422);
  });

  it("validates the patched result and changes nothing when it is invalid", async () => {
    const created = await create({
      amount: { currency: "USD", low: "60000000000", high: "65000000000", qualifier: "range" },
    });

    const response = await patch(created.json.id, { amount: { low: "70000000000" } }, 1);
    const after = await api("GET", `/commitments/${created.json.id}`);

    expect({ status: response.status, after: after.json }).toEqual({ status: 422, after: created.json });
  });
});

describe("DELETE /commitments/{id}", () => {
  it("answers 204 for the admin key", async () => {
    const id = await createId();

    const response = await api("DELETE", `/commitments/${id}`);

    expect({ status: response.status, body: response.text }).toEqual({ status: 204, body: "" });
  });

  it("keeps the revisions readable, the newest being `deleted`", async () => {
    const id = await createId();
    await api("DELETE", `/commitments/${id}`);

    const response = await anonymous("GET", `/commitments/${id}/revisions`);

    expect(response.json.items.map((revision: { change: string }) => revision.change)).toEqual([
      "deleted",
      "created",
    ]);
  });

  it("removes it from listings", async () => {
    const party = unique("Deleted Party");
    const id = await createId({ parties: [{ name: party, role: "funder" }] });
    await api("DELETE", `/commitments/${id}`);

    const ids = await listIds(`party=${encodeURIComponent(party)}`);

    expect(ids).toEqual([]);
  });
});

describe("GET /commitments/{id}/revisions", () => {
  it("lists revisions newest first in pages", async () => {
    const id = await createId();
    await patch(id, { status: "planned" }, 1);
    await patch(id, { status: "under-construction" }, 2);

    const first = await api("GET", `/commitments/${id}/revisions?limit=2`);
    const second = await api(
      "GET",
      `/commitments/${id}/revisions?limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`,
    );
    const versions = (page: Response) =>
      page.json.items.map((revision: { version: number }) => revision.version);

    expect([versions(first), versions(second), second.json.nextCursor]).toEqual([[3, 2], [1], null]);
  });
});

describe("POST /commitments/{id}/sources", () => {
  const source = (path: string) => ({ url: `https://www.reuters.com/${path}`, publisher: "Reuters" });

  it("attaches a further source", async () => {
    const id = await createId();

    const response = await api("POST", `/commitments/${id}/sources`, { body: { source: source("a") } });

    expect({
      status: response.status,
      sources: response.json.sources.length,
      version: response.json.version,
    }).toEqual({ status: 200, sources: 2, version: 2 });
  });

  it("revises the figure with a source-added revision naming the source", async () => {
    const id = await createId({ amount: usd("60000000000") });
    const report = source("revised-figure");

    await api("POST", `/commitments/${id}/sources`, {
      body: { source: report, amount: { currency: "USD", value: "65000000000", qualifier: "at-least" } },
    });
    const revisions = await api("GET", `/commitments/${id}/revisions`);
    const latest = revisions.json.items[0];

    expect({
      change: latest.change,
      source: latest.source,
      amount: latest.fields.amount,
    }).toEqual({
      change: "source-added",
      source: report,
      amount: {
        from: { currency: "USD", low: "60000000000", high: "60000000000", qualifier: "exact" },
        to: { currency: "USD", low: "65000000000", high: "65000000000", qualifier: "at-least" },
      },
    });
  });

  it("answers 409 when the same URL is attached twice", async () => {
    const id = await createId();
    await api("POST", `/commitments/${id}/sources`, { body: { source: source("twice") } });

    const response = await api("POST", `/commitments/${id}/sources`, { body: { source: source("twice") } });

    expect({ status: response.status, type: response.headers.get("content-type") }).toEqual({
      status: 409,
      type: "application/problem+json",
    });
  });
});

describe("duplicates", () => {
  it("answers 409 with existingId for the same fingerprint", async () => {
    const parties = [{ name: unique("Alphabet"), role: "funder" }];
    const first = await createId({ parties, announcedOn: "2025-02-04" });

    const response = await api("POST", "/commitments", {
      body: commitmentInput({ parties, announcedOn: "2025-02-20", title: "Google capex, reported" }),
    });

    expect({ status: response.status, existingId: response.json.existingId }).toEqual({
      status: 409,
      existingId: first,
    });
  });

  it("stores the duplicate with ?allowDuplicate=true", async () => {
    const parties = [{ name: unique("Alphabet"), role: "funder" }];
    await createId({ parties });

    const response = await api("POST", "/commitments?allowDuplicate=true", {
      body: commitmentInput({ parties }),
    });

    expect(response.status).toBe(201);
  });
});

describe("POST /commitments/batch", () => {
  it("answers 200 with one result per item, a bad item failing alone", async () => {
    const items = [commitmentInput(), { ...commitmentInput(), title: "" }, commitmentInput()];

    const response = await api("POST", "/commitments/batch", { body: { items } });
    const results = response.json.results.map((result: { status: number; result: string }) => [
      result.status,
      result.result,
    ]);

    expect({ status: response.status, results }).toEqual({
      status: 200,
      results: [
        [201, "created"],
        [422, "error"],
        [201, "created"],
      ],
    });
  });

  it("stores the good items of a batch with a bad one", async () => {
    const items = [commitmentInput(), { ...commitmentInput(), amount: 5 }, commitmentInput()];

    const response = await api("POST", "/commitments/batch", { body: { items } });
    const ids = response.json.results.flatMap((result: { id?: string }) => (result.id ? [result.id] : []));
    const statuses = await Promise.all(
      ids.map(async (id: string) => (await api("GET", `/commitments/${id}`)).status),
    );

    expect(statuses).toEqual([200, 200]);
  });

  it("reports an item that duplicates a stored commitment with 409 and stores the others", async () => {
    const stored = commitmentInput();
    const existingId = await createId(stored);
    const items = [
      commitmentInput(),
      { ...stored, title: "The same deal, reported again" },
      commitmentInput(),
    ];

    const response = await api("POST", "/commitments/batch", { body: { items } });

    expect(
      response.json.results.map(
        (result: { status: number; id?: string; error?: { existingId?: string } }) => [
          result.status,
          result.id ? "created" : result.error?.existingId,
        ],
      ),
    ).toEqual([
      [201, "created"],
      [409, existingId],
      [201, "created"],
    ]);
  });

  it("reports an item with more writes than one transaction holds on its own and stores the others", async () => {
    const parties = Array.from({ length: 50 }, (_, index) => ({
      name: unique(`Consortium member ${index}`),
      role: "funder",
    }));
    const items = [commitmentInput(), commitmentInput({ parties }), commitmentInput()];

    const response = await api("POST", "/commitments/batch", { body: { items } });

    expect({
      status: response.status,
      results: response.json.results?.map((result: { status: number }) => result.status),
    }).toEqual({ status: 200, results: [201, 422, 201] });
  });

  it("answers 422 for more than 100 items", async () => {
    const items = Array.from({ length: 101 }, () => commitmentInput());

    const response = await api("POST", "/commitments/batch", { body: { items } });

    expect(response.status).toBe(422);
  });
});

describe("Idempotency-Key", () => {
  it("answers a repeat with the same key and body with the same 201 body and stores one record", async () => {
    const party = unique("Idempotent Funder");
    const body = commitmentInput({ parties: [{ name: party, role: "funder" }] });
    const headers = { "idempotency-key": `key-${party.replaceAll(" ", "-")}` };

    const first = await api("POST", "/commitments", { body, headers });
    const second = await api("POST", "/commitments", { body, headers });
    const stored = await listIds(`party=${encodeURIComponent(party)}`);

    expect({ statuses: [first.status, second.status], same: second.text === first.text, stored }).toEqual({
      statuses: [201, 201],
      same: true,
      stored: [first.json.id],
    });
  });

  it("answers 422 when the key is reused with another body", async () => {
    const headers = { "idempotency-key": `key-${unique("reuse").replaceAll(" ", "-")}` };
    await api("POST", "/commitments", { body: commitmentInput(), headers });

    const response = await api("POST", "/commitments", { body: commitmentInput(), headers });

    expect(response.status).toBe(422);
  });
});

describe("parties", () => {
  /** Every party, walking all pages. */
  async function allParties(): Promise<{ slug: string; name: string; commitments: number }[]> {
    const parties = [];
    let cursor: string | null = null;
    do {
      const response: Response = await anonymous(
        "GET",
        `/parties${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      parties.push(...response.json.items);
      cursor = response.json.nextCursor;
    } while (cursor);
    return parties;
  }

  it("lists parties with their commitment counts", async () => {
    const name = unique("Counted Party");
    const slug = name.toLowerCase().replaceAll(" ", "-");
    await createId({ parties: [{ name, role: "funder" }] });
    await createId({ parties: [{ name, role: "funder" }], announcedOn: "2024-06-01" });

    const party = (await allParties()).find((item) => item.slug === slug);

    expect(party).toMatchObject({ slug, name, commitments: 2 });
  });

  it("answers one party with its commitments", async () => {
    const name = unique("Stargate LLC");
    const slug = name.toLowerCase().replaceAll(" ", "-");
    const id = await createId({ parties: [{ name, role: "lead", kind: "joint-venture" }] });

    const response = await anonymous("GET", `/parties/${slug}`);

    expect({
      status: response.status,
      slug: response.json.slug,
      count: response.json.commitments,
      ids: response.json.items.map((item: { id: string }) => item.id),
    }).toEqual({ status: 200, slug, count: 1, ids: [id] });
  });

  it("answers 404 for an unknown party", async () => {
    const response = await anonymous("GET", "/parties/no-such-party-anywhere");

    expect(response.status).toBe(404);
  });
});

describe("exchange rates", () => {
  it("converts a KRW commitment with the rate in force and shows the rate", async () => {
    await api("PUT", "/fx-rates/KRW/2025-01-22", {
      body: { unitsPerUsd: "1440", kind: "implied", source: "IT동아, 2025-01-22" },
    });

    const response = await api("POST", "/commitments", {
      body: commitmentInput({
        title: "National AI computing center",
        announcedOn: "2025-01-22",
        parties: [{ name: unique("Ministry of Science and ICT"), role: "government" }],
        amount: { currency: "KRW", value: "2500000000000", qualifier: "up-to" },
        location: { country: "KR" },
      }),
    });

    expect(response.json.amountUsd).toEqual({
      low: "1736111111",
      high: "1736111111",
      rate: {
        currency: "KRW",
        date: "2025-01-22",
        unitsPerUsd: "1440",
        kind: "implied",
        source: "IT동아, 2025-01-22",
        version: 1,
      },
      stale: false,
    });
  });

  it("re-converts an existing commitment when a rate that applies to it is recorded", async () => {
    const id = await createId({
      announcedOn: "2025-02-10",
      amount: { currency: "EUR", value: "109000000000", qualifier: "exact" },
      location: { country: "FR" },
    });

    const put = await api("PUT", "/fx-rates/EUR/2025-02-01", {
      body: { usdPerUnit: "1.04", kind: "official", source: "ECB reference rate" },
    });
    const after = await api("GET", `/commitments/${id}`);
    const revisions = await api("GET", `/commitments/${id}/revisions`);

    expect({
      reconverted: put.json.reconverted,
      version: after.json.version,
      usdHigh: after.json.amountUsd?.high,
      note: revisions.json.items[0].note,
    }).toEqual({
      reconverted: 1,
      version: 2,
      usdHigh: "113360000000",
      note: "re-converted with EUR 2025-02-01 version 1: 1.04 USD per EUR (official)",
    });
  });

  it("answers 422 when both unitsPerUsd and usdPerUnit are given", async () => {
    const response = await api("PUT", "/fx-rates/GBP/2025-01-01", {
      body: { unitsPerUsd: "0.8", usdPerUnit: "1.25", kind: "market", source: "test" },
    });

    expect(response.status).toBe(422);
  });

  it("answers 422 when neither unitsPerUsd nor usdPerUnit is given", async () => {
    const response = await api("PUT", "/fx-rates/GBP/2025-01-01", {
      body: { kind: "market", source: "test" },
    });

    expect(response.status).toBe(422);
  });

  it("lists recorded rates", async () => {
    await api("PUT", "/fx-rates/CHF/2025-03-01", {
      body: { usdPerUnit: "1.1", kind: "official", source: "SNB" },
    });

    const response = await anonymous("GET", "/fx-rates");
    const listed = response.json.items.filter((rate: { currency: string }) => rate.currency === "CHF");

    expect(listed).toEqual([
      {
        currency: "CHF",
        date: "2025-03-01",
        usdPerUnit: "1.1",
        kind: "official",
        source: "SNB",
        version: 1,
        recordedBy: "admin",
        recordedAt: expect.any(String),
      },
    ]);
  });
});

describe("API keys", () => {
  async function newKey(scope: "read" | "write" | "admin"): Promise<{ id: string; key: string }> {
    const response = await api("POST", "/api-keys", { body: { name: unique(`${scope} key`), scope } });
    return response.json;
  }

  it("returns the key once, at creation", async () => {
    const response = await api("POST", "/api-keys", { body: { name: "ingest bot", scope: "write" } });

    expect({ status: response.status, key: response.json.key }).toEqual({
      status: 201,
      key: expect.stringMatching(/^ait_[A-Za-z0-9_-]{43}$/),
    });
  });

  it("lists keys without the keys themselves", async () => {
    const { id } = await newKey("read");

    const response = await api("GET", "/api-keys");
    const listed = response.json.items.find((item: { id: string }) => item.id === id);

    expect(listed).toEqual({ id, name: expect.any(String), scope: "read", createdAt: expect.any(String) });
  });

  it("answers 403 to a read key on POST /commitments", async () => {
    const { key } = await newKey("read");

    const response = await api("POST", "/commitments", { body: commitmentInput(), key });

    expect(response.status).toBe(403);
  });

  it("lets a write key create", async () => {
    const { key } = await newKey("write");

    const response = await api("POST", "/commitments", { body: commitmentInput(), key });

    expect(response.status).toBe(201);
  });

  it("answers 403 to a write key on DELETE", async () => {
    const { key } = await newKey("write");
    const id = await createId();

    const response = await api("DELETE", `/commitments/${id}`, { key });

    expect(response.status).toBe(403);
  });

  it("answers 401 to a revoked key", async () => {
    const { id, key } = await newKey("write");
    await api("DELETE", `/api-keys/${id}`);

    const response = await api("POST", "/commitments", { body: commitmentInput(), key });

    expect(response.status).toBe(401);
  });

  it("answers 401 to a key it never issued", async () => {
    const response = await api("POST", "/commitments", {
      body: commitmentInput(),
      key: "ait_not-a-real-key",
    });

    expect(response.status).toBe(401);
  });

  it("answers 401 on a write route without a key", async () => {
    const response = await anonymous("POST", "/commitments", { body: commitmentInput() });

    expect(response.status).toBe(401);
  });

  it("serves reads without a key by default", async () => {
    const response = await anonymous("GET", "/commitments");

    expect(response.status).toBe(200);
  });

  describe("with READ_ACCESS=key", () => {
    let closed: TestStack;
    beforeAll(async () => {
      closed = await startTestStack({ readAccess: "key" });
    });
    afterAll(async () => {
      await closed?.close();
    });

    it("answers 401 to a read without a key", async () => {
      const response = await client(closed.url)("GET", "/commitments");

      expect(response.status).toBe(401);
    });
  });
});

describe("service routes", () => {
  it("answers GET /health with 200", async () => {
    const response = await anonymous("GET", "/health");

    expect({ status: response.status, body: response.json }).toEqual({
      status: 200,
      body: { status: "ok", dynamodb: "ok" },
    });
  });

  it("serves an OpenAPI document listing every route", async () => {
    const response = await anonymous("GET", "/openapi.json");
    const listed = Object.entries(response.json.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();

    expect({ status: response.status, listed }).toEqual({
      status: 200,
      listed: routeList.map((route) => `${route.method} ${route.path}`).sort(),
    });
  });
});
