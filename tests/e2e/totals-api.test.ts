import { afterAll, beforeAll, expect, test } from "vitest";
import { commitmentInput } from "../support/fixtures.ts";
import { client } from "../support/http.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

let stack: TestStack;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  stack = await startTestStack({ seed: true });
  api = client(stack.url, stack.adminKey);
});
afterAll(() => stack.close());

const figures = (count: string, usd: string) => ({ count, usdLow: usd, usdHigh: usd });

test("GET /totals?groupBy=country on the seeds: a US floor of US$565B with an open ceiling", async () => {
  const { status, json } = await api("GET", "/totals?groupBy=country");
  expect(status).toBe(200);
  expect(json.groups[0]).toEqual({
    key: "US",
    count: "2",
    usdLow: "565000000000",
    usdHigh: null,
    openEnded: "2",
    byQualifier: { "at-least": figures("2", "565000000000") },
    unconverted: "0",
    stale: "0",
  });
});

test("GET /totals?groupBy=country on the seeds: Korea's 'up to' adds to the ceiling only (KRW at the seeded 1,440)", async () => {
  const { json } = await api("GET", "/totals?groupBy=country");
  expect(json.groups[1]).toEqual({
    key: "KR",
    count: "1",
    usdLow: "0",
    usdHigh: "1736111111",
    openEnded: "0",
    byQualifier: { "up-to": figures("1", "1736111111") },
    unconverted: "0",
    stale: "0",
  });
});

test("GET /totals on the seeds: the grand total keeps both, never one number", async () => {
  const { json } = await api("GET", "/totals?groupBy=country");
  expect(json.total).toEqual({
    count: "3",
    usdLow: "565000000000",
    usdHigh: null,
    openEnded: "2",
    byQualifier: { "at-least": figures("2", "565000000000"), "up-to": figures("1", "1736111111") },
    unconverted: "0",
    stale: "0",
  });
});

test("a write is in the totals as soon as it is answered", async () => {
  await api("POST", "/commitments", {
    body: commitmentInput({
      announcedOn: "2024-05-01",
      location: { country: "JP" },
      amount: { currency: "USD", value: "7", qualifier: "exact" },
    }),
  });
  const { json } = await api("GET", "/totals?groupBy=country&country=JP");
  expect(json.total).toEqual({
    count: "1",
    usdLow: "7",
    usdHigh: "7",
    openEnded: "0",
    byQualifier: { exact: figures("1", "7") },
    unconverted: "0",
    stale: "0",
  });
});

test("GET /parties shows each party's counted money; a technology partner gets none", async () => {
  const { json } = await api("GET", "/parties");
  const bySlug = Object.fromEntries(
    json.items.map((party: { slug: string; funding: { usdLow: string } }) => [
      party.slug,
      party.funding.usdLow,
    ]),
  );
  expect([bySlug["softbank-group"], bySlug.nvidia]).toEqual(["500000000000", "0"]);
});

test("an unsupported filter is a 422 that points to the listing", async () => {
  const { status, json } = await api("GET", "/totals?groupBy=country&q=stargate");
  expect([status, json.errors[0].path]).toEqual([422, "query.q"]);
});

test("a month bound that is not a month's edge is a 422", async () => {
  const { status } = await api("GET", "/totals?groupBy=year&from=2025-01-15");
  expect(status).toBe(422);
});

test.each([
  ["/totals?groupBy=year&year=2025&from=2026-01", "query.from"],
  ["/totals?groupBy=year&year=2025&from=2026-01-01", "query.from"],
  ["/totals?groupBy=year&year=2025&to=2024-12", "query.to"],
  ["/totals?groupBy=year&year=2025&to=2024-12-31", "query.to"],
])("a range a year makes run backwards is a 422, not a query DynamoDB refuses: %s", async (path, field) => {
  const { status, json } = await api("GET", path);
  expect([status, json.errors?.[0]?.path]).toEqual([422, field]);
});

test("a year with a bound inside it answers that year's part", async () => {
  const { status, json } = await api("GET", "/totals?groupBy=year&year=2025&from=2025-01&to=2026-06");
  expect([status, json.groups.map((group: { key: string }) => group.key)]).toEqual([200, ["2025"]]);
});
