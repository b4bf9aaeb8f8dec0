import { beforeAll, describe, expect, it } from "vitest";
import { freshYear, slugOf, unique, usd, useApiStack, within } from "../support/api-stack.ts";

const { api, createId, listIds } = useApiStack();

describe("GET /commitments filters", () => {
  it("filters by party slug", async () => {
    const party = unique("Filter Party");
    const mine = await createId({ parties: [{ name: party, role: "funder" }] });
    await createId();

    const ids = await listIds(`party=${slugOf(party)}`);

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

    expect(response.json.items, "items").toHaveLength(2);
    expect(response.json.nextCursor, "nextCursor").toEqual(expect.any(String));
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
