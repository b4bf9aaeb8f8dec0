/** POST /drafts: an announcement's text in, draft commitments out; nothing is stored. */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, test } from "vitest";
import { client } from "../support/http.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

let stack: TestStack;
let api: ReturnType<typeof client>;
let article: string;
beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  api = client(stack.url, stack.adminKey);
  article = await readFile(new URL("../fixtures/announcements/seed-article.txt", import.meta.url), "utf8");
});
afterAll(() => stack.close());

const body = () => ({
  text: article,
  url: "https://it.donga.com/106495",
  publishedOn: "2025-02-03",
  language: "ko",
});

test("drafts the seed article's three commitments with their figures as announced", async () => {
  const { status, json } = await api("POST", "/drafts", { body: body() });
  expect(status).toBe(200);
  expect(
    json.drafts.map(
      (draft: { commitment: { amount: { currency: string; low: string; qualifier: string } } }) => [
        draft.commitment.amount.currency,
        draft.commitment.amount.low,
        draft.commitment.amount.qualifier,
      ],
    ),
  ).toEqual([
    ["USD", "500000000000", "at-least"],
    ["USD", "65000000000", "at-least"],
    ["KRW", "2500000000000", "up-to"],
  ]);
});

test("offers the KRW rate the article implies", async () => {
  const { json } = await api("POST", "/drafts", { body: body() });
  expect(json.impliedRates[0]).toMatchObject({ currency: "KRW", unitsPerUsd: "1440", kind: "implied" });
});

test("stores nothing", async () => {
  await api("POST", "/drafts", { body: body() });
  const { json } = await api("GET", "/commitments");
  expect(json.items).toEqual([]);
});

test("needs a key with the write scope", async () => {
  const { status } = await client(stack.url)("POST", "/drafts", { body: body() });
  expect(status).toBe(401);
});

test("refuses a body without text with a 422", async () => {
  const { status } = await api("POST", "/drafts", { body: { url: "https://example.com" } });
  expect(status).toBe(422);
});

test.each([
  [{ text: "" }, "text"],
  [{ text: "   " }, "text"],
  [{ text: "지난달 오픈AI는 5조원을 투자했다.", publishedOn: "2025-13" }, "publishedOn"],
  [{ text: "x", publishedOn: "2025-02-30" }, "publishedOn"],
  [{ text: "x", publishedOn: "9999-99-99" }, "publishedOn"],
  [{ text: "x", publishedOn: "0000-00-00" }, "publishedOn"],
  [{ text: "x", url: "not a url" }, "url"],
])("refuses %j with a 422 naming %s", async (request, field) => {
  const { status, json } = await api("POST", "/drafts", { body: request });
  expect(status).toBe(422);
  expect(json.errors.map((error: { path: string }) => error.path)).toEqual([field]);
});

test("names a party by the registry's canonical name and slug when the text uses a registered alias", async () => {
  const registration = { name: "Khazna Data Centers", kind: "company", aliases: ["카즈나"] };
  expect((await api("PUT", "/parties/khazna", { body: registration })).status).toBe(201);
  const { json } = await api("POST", "/drafts", {
    body: {
      text: "카즈나는 지난 22일 아랍에미리트에 AI 데이터센터를 짓는 데 100억 달러를 투자하겠다고 밝혔다.",
      publishedOn: "2025-02-03",
    },
  });
  expect({ party: json.drafts[0].commitment.parties[0].name, slugs: json.drafts[0].partySlugs }).toEqual({
    party: "Khazna Data Centers",
    slugs: { "Khazna Data Centers": "khazna", "United Arab Emirates": "united-arab-emirates" },
  });
});

test("answers a body-sized text of thousands of distinct figures within one Lambda response, saying what it left out", async () => {
  const text =
    `OpenAI will invest ${Array.from({ length: 20_000 }, (_, index) => `$${index + 1} billion`).join(" ")}`.slice(
      0,
      250_000,
    );
  const { status, text: raw, json } = await api("POST", "/drafts", { body: { text } });

  expect({
    status,
    // Lambda's limit is 6 MB for the body as a JSON string inside the response's JSON.
    fits: JSON.stringify(raw).length < 6 * 1024 * 1024,
    many: json.drafts.length > 1_000,
    firstKept: json.drafts[0]?.commitment.amount.low,
    note: json.notes.at(-1),
  }).toEqual({
    status: 200,
    fits: true,
    many: true,
    firstKept: "1000000000",
    note: expect.stringMatching(
      /^\d+ drafts and 1 ignored figure were left out, the last ones found: one answer holds 4\.0 MB; paste a shorter part/,
    ),
  });
});
