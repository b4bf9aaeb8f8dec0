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

test("GET /totals?groupBy=country sums the seeded commitments exactly, KRW converted at the seeded rate", async () => {
  const { status, json } = await api("GET", "/totals?groupBy=country");
  expect([status, json.groups, json.total]).toEqual([
    200,
    [
      { key: "US", count: "2", usdLow: "565000000000", usdHigh: "565000000000", unconverted: "0" },
      { key: "KR", count: "1", usdLow: "1736111111", usdHigh: "1736111111", unconverted: "0" },
    ],
    { count: "3", usdLow: "566736111111", usdHigh: "566736111111", unconverted: "0" },
  ]);
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
  expect(json.total).toEqual({ count: "1", usdLow: "7", usdHigh: "7", unconverted: "0" });
});

test("GET /parties shows each party's counted money; a technology partner gets none", async () => {
  const { json } = await api("GET", "/parties");
  const bySlug = Object.fromEntries(
    json.items.map((party: { slug: string; totals: { usdHigh: string } }) => [
      party.slug,
      party.totals.usdHigh,
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
