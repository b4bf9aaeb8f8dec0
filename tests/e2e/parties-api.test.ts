import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedParties } from "../../shared/parties/seed.ts";
import { commitmentInput } from "../support/fixtures.ts";
import { client } from "../support/http.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

let stack: TestStack;
let api: ReturnType<typeof client>;
let stargateId: string;

const funders = (...names: string[]) => names.map((name) => ({ name, role: "funder" }));

/** Stargate as the seed records it: four funders, three technology partners, at least US$500B. */
const stargate = (parties: unknown[]) =>
  commitmentInput({
    title: "Stargate",
    announcedOn: "2025-01-21",
    parties,
    amount: { currency: "USD", value: "500000000000", qualifier: "at-least" },
    categories: ["data-center", "compute", "energy"],
    location: { country: "US" },
    sources: [{ url: "https://openai.com/index/announcing-the-stargate-project/", publisher: "OpenAI" }],
  });

const seededStargate = () =>
  stargate([
    { name: "OpenAI", role: "funder", kind: "company" },
    { name: "Oracle", role: "funder", kind: "company" },
    { name: "SoftBank Group", role: "funder", kind: "company" },
    { name: "MGX", role: "funder", kind: "fund" },
    { name: "Microsoft", role: "technology-partner", kind: "company" },
    { name: "NVIDIA", role: "technology-partner", kind: "company" },
    { name: "Arm", role: "technology-partner", kind: "company" },
  ]);

beforeAll(async () => {
  stack = await startTestStack();
  api = client(stack.url, stack.adminKey);
  for (const { slug, ...registration } of seedParties) {
    const put = await api("PUT", `/parties/${encodeURIComponent(slug)}`, { body: registration });
    if (put.status !== 201) throw new Error(`setup PUT /parties/${slug}: ${put.status} ${put.text}`);
  }
  const created = await api("POST", "/commitments", { body: seededStargate() });
  if (created.status !== 201) throw new Error(`setup Stargate: ${created.status} ${created.text}`);
  stargateId = created.json.id;
});
afterAll(async () => {
  await stack?.close();
});

/** The status of a create and the ids its 409 names as candidates. */
async function attempt(body: unknown, query = "") {
  const response = await api("POST", `/commitments${query}`, { body });
  return {
    status: response.status,
    candidates: (response.json.candidates ?? []).map((candidate: { id: string }) => candidate.id),
    detail: String(response.json.detail ?? ""),
    title: String(response.json.title ?? ""),
  };
}

describe("Stargate entered again under other names", () => {
  it("is refused with the three funders the article names, without MGX", async () => {
    const result = await attempt(stargate(funders("OpenAI", "Oracle", "SoftBank Group")));

    expect(result).toMatchObject({ status: 409, candidates: [stargateId] });
    // Not the same fingerprint (the parties differ): the title claims no more than the detail says.
    expect(result.title).toBe("The ledger already has this commitment, or one like it");
  });

  it("is refused under its Korean names, with a 409 that names the existing record", async () => {
    const result = await attempt(stargate(funders("오픈AI", "오라클", "소프트뱅크")));

    expect({ ...result, named: result.detail.includes(stargateId) }).toMatchObject({
      status: 409,
      candidates: [stargateId],
      named: true,
    });
  });

  it('is refused as "SoftBank" alone', async () => {
    const result = await attempt(stargate(funders("SoftBank")));

    expect(result).toMatchObject({ status: 409, candidates: [stargateId] });
  });

  it("is refused as an exact duplicate, with existingId, when all four funders are named in any script", async () => {
    const response = await api("POST", "/commitments", {
      body: stargate(funders("오픈AI", "Oracle Corporation", "일본 소프트뱅크", "mgx")),
    });

    expect({ status: response.status, existingId: response.json.existingId }).toEqual({
      status: 409,
      existingId: stargateId,
    });
  });

  it("is refused per item in a batch, the other items written", async () => {
    const response = await api("POST", "/commitments/batch", {
      body: {
        items: [
          stargate(funders("오픈AI", "오라클", "소프트뱅크")),
          commitmentInput({ announcedOn: "1960-05-01" }),
        ],
      },
    });

    expect(
      response.json.results.map((result: { status: number; error?: { candidates?: { id: string }[] } }) => [
        result.status,
        result.error?.candidates?.map((candidate) => candidate.id),
      ]),
    ).toEqual([
      [409, [stargateId]],
      [201, undefined],
    ]);
  });
});

describe("parties by alias", () => {
  it("lists Stargate for ?party=소프트뱅크", async () => {
    const response = await api("GET", `/commitments?party=${encodeURIComponent("소프트뱅크")}`);

    expect(response.json.items.map((item: { id: string }) => item.id)).toContain(stargateId);
  });

  it("answers GET /parties/{alias} with the canonical party", async () => {
    const response = await api("GET", `/parties/${encodeURIComponent("오픈AI")}`);

    expect({ status: response.status, slug: response.json.slug, name: response.json.name }).toEqual({
      status: 200,
      slug: "openai",
      name: "OpenAI",
    });
  });

  it("keeps funding apart from involvement in party totals", async () => {
    const softbank = (await api("GET", "/parties/softbank-group")).json;
    const nvidia = (await api("GET", "/parties/nvidia")).json;

    expect({
      softbank: [softbank.funding.count, softbank.funding.usdLow, softbank.involvement.count],
      nvidia: [nvidia.funding.count, nvidia.funding.usdLow, nvidia.involvement.count],
    }).toEqual({ softbank: [1, "500000000000", 0], nvidia: [0, "0", 1] });
  });

  it("answers 409 naming the owner when PUT /parties/{slug} claims a taken alias", async () => {
    const response = await api("PUT", "/parties/softbank-korea", {
      body: { name: "SoftBank Korea", kind: "company", aliases: ["소프트뱅크"] },
    });

    expect({ status: response.status, conflicts: response.json.conflicts }).toEqual({
      status: 409,
      conflicts: [{ alias: "소프트뱅크", party: "softbank-group" }],
    });
  });

  it("answers 409 naming the owner when PUT /parties/{slug} takes another party's name as its slug, which keeps finding that party", async () => {
    const response = await api("PUT", `/parties/${encodeURIComponent("소프트뱅크")}`, {
      body: { name: "Some Other Party", kind: "company" },
    });
    const registered = await api("GET", `/parties/${encodeURIComponent("소프트뱅크")}`);
    const listed = await api("GET", `/commitments?party=${encodeURIComponent("소프트뱅크")}`);

    expect({
      status: response.status,
      conflicts: response.json.conflicts,
      party: registered.json.slug,
      listed: listed.json.items.map((item: { id: string }) => item.id),
    }).toEqual({
      status: 409,
      conflicts: [{ alias: "소프트뱅크", party: "softbank-group" }],
      party: "softbank-group",
      listed: expect.arrayContaining([stargateId]),
    });
  });
});

describe("PUT /parties/{slug}", () => {
  it("answers 200 with the registration when it replaces one, the old alias released", async () => {
    await api("PUT", "/parties/g42", { body: { name: "G42", kind: "company", aliases: ["Group 42"] } });

    const response = await api("PUT", "/parties/g42", {
      body: { name: "G42", kind: "company", aliases: [] },
    });
    const released = await api("GET", `/parties/${encodeURIComponent("Group 42")}`);

    expect([response.status, response.json.aliases, released.status]).toEqual([200, [], 404]);
  });

  it.each([
    ["a path that is not a slug", "/parties/Not%20A%20Slug", { name: "X", kind: "company" }],
    ["a blank name", "/parties/x", { name: " ", kind: "company" }],
    ["an unknown kind", "/parties/x", { name: "X", kind: "person" }],
    ["an alias that is not a string", "/parties/x", { name: "X", kind: "company", aliases: [42] }],
    [
      "41 aliases",
      "/parties/x",
      { name: "X", kind: "company", aliases: Array.from({ length: 41 }, (_, i) => `X${i}`) },
    ],
  ])("answers 422 for %s, registering nothing", async (_, path, body) => {
    const response = await api("PUT", path, { body });
    const after = await api("GET", "/parties/x");

    expect([response.status, after.status]).toEqual([422, 404]);
  });
});

describe("?allowDuplicate=true", () => {
  it("records Stargate under its Korean names anyway", async () => {
    const result = await attempt(stargate(funders("오픈AI", "오라클", "소프트뱅크")), "?allowDuplicate=true");

    expect(result.status).toBe(201);
  });
});
