import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitmentInput } from "../support/fixtures.ts";
import { client, type Response } from "../support/http.ts";
import { startTestStack, type TestStack } from "../support/stack.ts";

const PARALLEL = 20;

let stack: TestStack;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  stack = await startTestStack();
  api = client(stack.url, stack.adminKey);
});
afterAll(async () => {
  await stack?.close();
});

/** Sends `PARALLEL` requests at once; `request(i)` builds the i-th. */
function burst(request: (index: number) => Promise<Response>): Promise<Response[]> {
  return Promise.all(Array.from({ length: PARALLEL }, (_, index) => request(index)));
}

function tally(responses: Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of responses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** A fresh commitment with a party of its own, so a listing by that party sees only what the test wrote. */
function freshInput(): { body: Record<string, unknown>; party: string } {
  const body = commitmentInput();
  const [party] = body.parties as { name: string }[];
  return { body, party: (party as { name: string }).name };
}

async function storedFor(party: string): Promise<string[]> {
  const response = await api("GET", `/commitments?party=${encodeURIComponent(party)}`);
  return response.json.items.map((item: { id: string }) => item.id);
}

describe("parallel PATCHes with the same If-Match", () => {
  async function patchInParallel(): Promise<{ id: string; responses: Response[] }> {
    const created = await api("POST", "/commitments", { body: commitmentInput() });
    const id = created.json.id as string;
    const responses = await burst((index) =>
      api("PATCH", `/commitments/${id}`, {
        body: { tags: [`editor-${index}`] },
        headers: { "content-type": "application/merge-patch+json", "if-match": '"1"' },
      }),
    );
    return { id, responses };
  }

  it("answers exactly one with 200 and the other 19 with 412", async () => {
    const { responses } = await patchInParallel();

    expect(tally(responses)).toEqual({ 200: 1, 412: PARALLEL - 1 });
  });

  it("records exactly one change: version 2 and two revisions", async () => {
    const { id } = await patchInParallel();

    const record = await api("GET", `/commitments/${id}`);
    const revisions = await api("GET", `/commitments/${id}/revisions`);

    expect({ version: record.json.version, revisions: revisions.json.items.length }).toEqual({
      version: 2,
      revisions: 2,
    });
  });

  it("keeps the winner's change", async () => {
    const { id, responses } = await patchInParallel();
    const winner = responses.find((response) => response.status === 200);

    const record = await api("GET", `/commitments/${id}`);

    expect(record.json.tags).toEqual(winner?.json.tags);
  });
});

describe("parallel creates with one Idempotency-Key", () => {
  async function createInParallel(): Promise<{ party: string; responses: Response[] }> {
    const { body, party } = freshInput();
    const key = `import-${party.replaceAll(" ", "-")}`;
    const responses = await burst(() =>
      api("POST", "/commitments", { body, headers: { "idempotency-key": key } }),
    );
    return { party, responses };
  }

  it("stores one record", async () => {
    const { party } = await createInParallel();

    expect(await storedFor(party)).toHaveLength(1);
  });

  it("answers all 20 with 201 and byte-identical bodies", async () => {
    const { responses } = await createInParallel();

    expect({
      statuses: tally(responses),
      bodies: new Set(responses.map((response) => response.text)).size,
    }).toEqual({ statuses: { 201: PARALLEL }, bodies: 1 });
  });
});

describe("parallel creates of one fingerprint without a key", () => {
  async function createInParallel(): Promise<{ party: string; responses: Response[] }> {
    const { body, party } = freshInput();
    const responses = await burst(() => api("POST", "/commitments", { body }));
    return { party, responses };
  }

  it("stores one record", async () => {
    const { party } = await createInParallel();

    expect(await storedFor(party)).toHaveLength(1);
  });

  it("answers the other 19 with 409 naming the winner as existingId", async () => {
    const { responses } = await createInParallel();
    const winner = responses.find((response) => response.status === 201);

    expect({
      statuses: tally(responses),
      existingIds: [
        ...new Set(responses.filter((r) => r.status === 409).map((response) => response.json.existingId)),
      ],
    }).toEqual({ statuses: { 201: 1, 409: PARALLEL - 1 }, existingIds: [winner?.json.id] });
  });
});
