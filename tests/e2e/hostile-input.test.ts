import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitmentInput } from "../support/fixtures.ts";
import { client, type RequestOptions, type Response } from "../support/http.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

const PROBLEM = "application/problem+json";

let stack: TestStack;
let send: ReturnType<typeof client>;
/** Every status this file was answered with, to prove that none was a 5xx. */
const statuses: { request: string; status: number }[] = [];
/** A commitment the PATCH cases aim at, and how many commitments there were before any hostile request. */
let target: Response;
let baseline: number;

async function api(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const response = await send(method, path, options);
  statuses.push({ request: `${method} ${path}`, status: response.status });
  return response;
}

/** How many commitments GET /commitments lists, across every page. */
async function storedCount(): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const response: Response = await api(
      "GET",
      `/commitments?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    count += response.json.items.length;
    cursor = response.json.nextCursor;
  } while (cursor);
  return count;
}

/** What a refused request should look like: the status, a problem document, and nothing stored. */
async function outcome(response: Response) {
  return { status: response.status, type: response.headers.get("content-type"), stored: await storedCount() };
}
const refused = (status: number) => ({ status, type: PROBLEM, stored: baseline });

beforeAll(async () => {
  stack = await startTestStack();
  send = client(stack.url, stack.adminKey);
  target = await send("POST", "/commitments", { body: commitmentInput() });
  await send("POST", "/commitments", { body: commitmentInput({ announcedOn: "2024-05-01" }) });
  baseline = await storedCount();
});
afterAll(async () => {
  await stack?.close();
});

const create = (body: unknown) => api("POST", "/commitments", { body });
const createRaw = (raw: string | Buffer, headers: Record<string, string>) =>
  api("POST", "/commitments", { raw, headers });
const withAmount = (amount: unknown) => commitmentInput({ amount });

describe("bodies that are not JSON", () => {
  it("answers malformed JSON with 400", async () => {
    const response = await createRaw('{"title": "Stargate", ', { "content-type": "application/json" });

    expect(await outcome(response)).toEqual(refused(400));
  });

  it("answers a text/plain body with 415", async () => {
    const response = await createRaw(JSON.stringify(commitmentInput()), { "content-type": "text/plain" });

    expect(await outcome(response)).toEqual(refused(415));
  });

  it("answers a body without a content type with 415", async () => {
    const response = await createRaw(Buffer.from(JSON.stringify(commitmentInput())), {});

    expect(await outcome(response)).toEqual(refused(415));
  });

  it("answers a charset other than UTF-8 with 415", async () => {
    const response = await createRaw(JSON.stringify(commitmentInput()), {
      "content-type": "application/json; charset=iso-8859-1",
    });

    expect(await outcome(response)).toEqual(refused(415));
  });

  it("answers a body that is not UTF-8 with 400, storing nothing in its place", async () => {
    const json = Buffer.from(JSON.stringify(commitmentInput({ title: "Stargate TITLE" })));
    const at = json.indexOf("TITLE");
    const raw = Buffer.concat([json.subarray(0, at), Buffer.from([0xff, 0xfe]), json.subarray(at + 5)]);

    const response = await createRaw(raw, { "content-type": "application/json" });

    expect(await outcome(response)).toEqual(refused(400));
  });

  it("answers a 300 KiB body with 413", async () => {
    const body = JSON.stringify(commitmentInput({ description: "x".repeat(300 * 1024) }));

    const response = await createRaw(body, { "content-type": "application/json" });

    expect(await outcome(response)).toEqual(refused(413));
  });
});

describe("bodies that break the schema", () => {
  it("answers an unknown field with 422 and an error naming it", async () => {
    const response = await create({ ...commitmentInput(), colour: "blue" });
    const named = (response.json.errors ?? []).some(
      (error: { path: string; message: string }) =>
        error.path === "colour" || error.message.includes('"colour"'),
    );

    expect({ ...(await outcome(response)), named }).toEqual({ ...refused(422), named: true });
  });

  it("answers a title of the wrong type with 422 naming title", async () => {
    const response = await create(commitmentInput({ title: 5 }));
    const paths = response.json.errors.map((error: { path: string }) => error.path);

    expect({ ...(await outcome(response)), paths }).toEqual({ ...refused(422), paths: ["title"] });
  });

  it("answers amounts given as JSON numbers with 422", async () => {
    const response = await create(withAmount({ currency: "USD", value: 65000000000, qualifier: "exact" }));

    expect(await outcome(response)).toEqual(refused(422));
  });

  it.each([
    ["a negative amount", "-5"],
    ["a zero amount", "0"],
    ["an exponent", "1e309"],
    ["more decimal places than money has", "65000000000.0000000001"],
  ])("answers %s (%s) with 422", async (_case, value) => {
    const response = await create(withAmount({ currency: "USD", value, qualifier: "exact" }));

    expect(await outcome(response)).toEqual(refused(422));
  });

  it("answers low above high with 422", async () => {
    const response = await create(
      withAmount({ currency: "USD", low: "65000000000", high: "60000000000", qualifier: "range" }),
    );

    expect(await outcome(response)).toEqual(refused(422));
  });

  it("answers an unknown currency with 422", async () => {
    const response = await create(withAmount({ currency: "ABC", value: "100", qualifier: "exact" }));

    expect(await outcome(response)).toEqual(refused(422));
  });

  it.each([
    ["a title with a lone carriage return", { title: "Stargate\r---\r- injected" }, "title"],
    [
      "a party name with a line feed",
      { parties: [{ name: "OpenAI\n# heading", role: "funder" }] },
      "parties.0.name",
    ],
    ["a description with NUL", { description: "a\u0000b" }, "description"],
  ])("answers %s with 422 naming it", async (_case, fields, path) => {
    const response = await create(commitmentInput(fields));
    const paths = response.json.errors?.map((error: { path: string }) => error.path);

    expect({ ...(await outcome(response)), paths }).toEqual({ ...refused(422), paths: [path] });
  });

  it("accepts a description over several lines, tabs included", async () => {
    const description = "First line\n\tSecond line\r\nThird";

    const response = await create(commitmentInput({ description, announcedOn: "2022-06-01" }));
    await api("DELETE", `/commitments/${response.json.id}`);

    expect([response.status, response.json.description]).toEqual([201, description]);
  });

  it("answers an unknown country with 422", async () => {
    const response = await create(commitmentInput({ location: { country: "ZZ" } }));

    expect(await outcome(response)).toEqual(refused(422));
  });

  it("answers an impossible date with 422", async () => {
    const response = await create(commitmentInput({ announcedOn: "2025-02-30" }));

    expect(await outcome(response)).toEqual(refused(422));
  });

  it.each([1e-131, 0])(
    "answers a capacity of %j MW (below what DynamoDB stores, or none) with 422",
    async (powerMw) => {
      const response = await create(commitmentInput({ capacity: { powerMw } }));
      const patched = await api("PATCH", `/commitments/${target.json.id}`, {
        body: { capacity: { powerMw } },
        headers: { "if-match": `"${target.json.version}"` },
      });
      const batch = await api("POST", "/commitments/batch?allowDuplicate=true", {
        body: { items: [commitmentInput({ capacity: { powerMw } })] },
      });
      const after = await api("GET", `/commitments/${target.json.id}`);

      expect({
        create: await outcome(response),
        patch: patched.status,
        batch: batch.json.results?.map((result: { status: number }) => result.status),
        paths: response.json.errors?.map((error: { path: string }) => error.path),
        after: after.json,
      }).toEqual({
        create: refused(422),
        patch: 422,
        batch: [422],
        paths: ["capacity.powerMw"],
        after: target.json,
      });
    },
  );

  it("answers the same source url twice with 422, as attaching it again is a 409", async () => {
    const url = "https://www.itdonga.com/news/twice";
    const response = await create(commitmentInput({ sources: [{ url }, { url, publisher: "IT동아" }] }));
    const paths = response.json.errors?.map((error: { path: string }) => error.path);

    expect({ ...(await outcome(response)), paths }).toEqual({ ...refused(422), paths: ["sources"] });
  });

  it("answers a source that is not an object beside a valid one with 422 naming it, not 500", async () => {
    const response = await create(commitmentInput({ sources: [null, { url: "https://example.com/a" }] }));
    const paths = response.json.errors?.map((error: { path: string }) => error.path);

    expect({ ...(await outcome(response)), paths }).toEqual({ ...refused(422), paths: ["sources.0"] });
  });

  it("answers a 10,000-character title with 422", async () => {
    const response = await create(commitmentInput({ title: "가".repeat(10_000) }));

    expect(await outcome(response)).toEqual(refused(422));
  });

  it("answers a 10,000-character source excerpt with 422", async () => {
    const response = await create(
      commitmentInput({ sources: [{ url: "https://www.itdonga.com/news/1", excerpt: "x".repeat(10_000) }] }),
    );

    expect(await outcome(response)).toEqual(refused(422));
  });
});

describe("amounts whose low or high fails its own check (the cross-field checks must not read them)", () => {
  const badRange = (low: string) => ({ currency: "USD", low, high: "65000000000", qualifier: "range" });

  it.each(["abc", "-1", "1e3", ""])(
    "answers a create with low %j with 422 naming amount.low",
    async (low) => {
      const response = await create(withAmount(badRange(low)));
      const paths = response.json.errors?.map((error: { path: string }) => error.path);

      expect({ ...(await outcome(response)), paths }).toEqual({ ...refused(422), paths: ["amount.low"] });
    },
  );

  it("answers a patch with such an amount with 422 and leaves the record alone", async () => {
    const response = await api("PATCH", `/commitments/${target.json.id}`, {
      body: { amount: badRange("abc") },
      headers: { "if-match": `"${target.json.version}"` },
    });
    const after = await api("GET", `/commitments/${target.json.id}`);

    expect({ ...(await outcome(response)), after: after.json }).toEqual({
      ...refused(422),
      after: target.json,
    });
  });

  it("answers a source attachment with such an amount with 422 and leaves the record alone", async () => {
    const response = await api("POST", `/commitments/${target.json.id}/sources`, {
      body: { source: { url: "https://example.com/report" }, amount: badRange("-1") },
    });
    const after = await api("GET", `/commitments/${target.json.id}`);

    expect({ ...(await outcome(response)), after: after.json }).toEqual({
      ...refused(422),
      after: target.json,
    });
  });

  it("refuses such an item of a batch alone and creates the others", async () => {
    const items = [commitmentInput({ announcedOn: "2023-03-01" }), withAmount(badRange("1e3"))];

    const response = await api("POST", "/commitments/batch?allowDuplicate=true", { body: { items } });
    const statuses = response.json.results?.map((result: { status: number }) => result.status);
    const created = await api("GET", `/commitments/${response.json.results?.[0]?.id}`);
    await api("DELETE", `/commitments/${response.json.results?.[0]?.id}`);

    expect({ status: response.status, statuses, found: created.status }).toEqual({
      status: 200,
      statuses: [201, 422],
      found: 200,
    });
  });
});

describe("prototype pollution", () => {
  it("answers a top-level __proto__ key with 400", async () => {
    const raw = JSON.stringify(commitmentInput()).replace(/^\{/, '{"__proto__": {"polluted": "yes"}, ');

    const response = await createRaw(raw, { "content-type": "application/json" });

    expect(await outcome(response)).toEqual(refused(400));
  });

  it("answers a nested __proto__ key with 400 and leaves Object.prototype alone", async () => {
    const raw = JSON.stringify(commitmentInput()).replace(
      '"location":{',
      '"location":{"__proto__":{"polluted":"yes"},',
    );

    const response = await createRaw(raw, { "content-type": "application/json" });

    expect({ ...(await outcome(response)), polluted: Object.hasOwn(Object.prototype, "polluted") }).toEqual({
      ...refused(400),
      polluted: false,
    });
  });
});

describe("cursors", () => {
  async function realCursor(query: string): Promise<string> {
    const response = await api("GET", `/commitments?limit=1&${query}`);
    return response.json.nextCursor as string;
  }

  it("answers a forged cursor with 400", async () => {
    const payload = Buffer.from(JSON.stringify({ pk: "KEY#0", sk: "KEY" })).toString("base64url");

    const response = await api("GET", `/commitments?cursor=${payload}.${"A".repeat(43)}`);

    expect(await outcome(response)).toEqual(refused(400));
  });

  it("answers a truncated cursor with 400", async () => {
    const cursor = await realCursor("sort=announcedOn");

    const response = await api(
      "GET",
      `/commitments?limit=1&sort=announcedOn&cursor=${encodeURIComponent(cursor.slice(0, -5))}`,
    );

    expect(await outcome(response)).toEqual(refused(400));
  });

  it("answers a cursor from another query with 400", async () => {
    const cursor = await realCursor("sort=announcedOn");

    const response = await api(
      "GET",
      `/commitments?limit=1&sort=-amountUsd&cursor=${encodeURIComponent(cursor)}`,
    );

    expect(await outcome(response)).toEqual(refused(400));
  });
});

describe("routes, methods and headers", () => {
  it("answers an unknown route with 404", async () => {
    const response = await api("POST", "/commitmentz", { body: commitmentInput() });

    expect(await outcome(response)).toEqual(refused(404));
  });

  it("answers a wrong method with 405 and Allow", async () => {
    const response = await api("PUT", "/commitments", { body: commitmentInput() });

    expect({ ...(await outcome(response)), allow: response.headers.get("allow") }).toEqual({
      ...refused(405),
      allow: expect.stringContaining("POST"),
    });
  });

  it("answers an If-Match that names no version with 400 and leaves the record alone", async () => {
    const response = await api("PATCH", `/commitments/${target.json.id}`, {
      body: { status: "cancelled" },
      headers: { "if-match": "abc" },
    });
    const after = await api("GET", `/commitments/${target.json.id}`);

    expect({ ...(await outcome(response)), after: after.json }).toEqual({
      ...refused(400),
      after: target.json,
    });
  });

  it("answers a non-ASCII Idempotency-Key with 400", async () => {
    // The UTF-8 bytes of a Korean key, as a client would put them on the wire.
    const key = Buffer.from("멱등키", "utf8").toString("latin1");

    const response = await api("POST", "/commitments", {
      body: commitmentInput(),
      headers: { "idempotency-key": key },
    });

    expect(await outcome(response)).toEqual(refused(400));
  });
});

describe("query parameters", () => {
  it("answers an unknown query parameter with 422", async () => {
    const response = await api("GET", "/commitments?colour=blue");

    expect(await outcome(response)).toEqual(refused(422));
  });

  it.each(["0", "101", "", "1e1", "0x10", "%205", "5.0", "+5"])(
    "answers limit=%s with 422",
    async (limit) => {
      const response = await api("GET", `/commitments?limit=${limit}`);

      expect(await outcome(response)).toEqual(refused(422));
    },
  );

  it.each(["minUsd", "maxUsd"])("answers a %s too long to compare with 422", async (name) => {
    const response = await api("GET", `/commitments?sort=amountUsd&${name}=${"9".repeat(25)}`);

    expect(await outcome(response)).toEqual(refused(422));
  });

  it.each(["1.5", "x", "1e3"])(
    "answers minUsd=%s beside a valid maxUsd with 422 naming minUsd",
    async (minUsd) => {
      const response = await api("GET", `/commitments?minUsd=${minUsd}&maxUsd=2`);
      const paths = response.json.errors?.map((error: { path: string }) => error.path);

      expect({ ...(await outcome(response)), paths }).toEqual({ ...refused(422), paths: ["query.minUsd"] });
    },
  );

  it("answers a party name without a letter or digit with 404", async () => {
    const response = await api("GET", `/parties/${encodeURIComponent("---")}`);

    expect(await outcome(response)).toEqual(refused(404));
  });

  it.each(["__proto__", "constructor"])("answers a query parameter named %s with 400", async (name) => {
    const response = await api("GET", `/commitments?${name}=1`);

    expect(await outcome(response)).toEqual(refused(400));
  });

  it("answers a parameter or a body sent to a route that takes neither with 4xx, deleting nothing", async () => {
    const id = target.json.id;
    const withParameter = await api("DELETE", `/commitments/${id}?force=yes`);
    const withBody = await api("DELETE", `/commitments/${id}`, { body: { reason: "duplicate" } });
    const onRead = await api("GET", `/commitments/${id}?fields=title`);
    const after = await api("GET", `/commitments/${id}`);

    expect({
      parameter: [withParameter.status, withParameter.json.errors?.[0]?.path],
      body: withBody.status,
      read: onRead.status,
      after: after.json,
      stored: await storedCount(),
    }).toEqual({
      parameter: [422, "query.force"],
      body: 400,
      read: 422,
      after: target.json,
      stored: baseline,
    });
  });

  it("answers an unknown query parameter on a create with 422", async () => {
    const response = await api("POST", "/commitments?force=yes", { body: commitmentInput() });

    expect(await outcome(response)).toEqual(refused(422));
  });
});

describe("the whole file", () => {
  it("was never answered with a 5xx", () => {
    expect(statuses.filter(({ status }) => status >= 500)).toEqual([]);
  });
});
