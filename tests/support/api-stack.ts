/**
 * What the e2e tests of the HTTP API share: one local stack per test file, started before its tests and
 * closed after them, and the small helpers those tests prepare their records with.
 */
import { afterAll, beforeAll } from "vitest";
import { commitmentInput } from "./fixtures.ts";
import { client, type RequestOptions, type Response } from "./http.ts";
import { startTestStack, type TestStack, type TestStackOptions } from "./stack.ts";

export const COMMITMENT_ID = /^cmt_[0-9A-HJKMNP-TV-Z]{26}$/;

type Client = ReturnType<typeof client>;

export interface ApiStack {
  /** Requests with the stack's admin key (another with `key`). */
  api: Client;
  /** Requests without a key. */
  anonymous: Client;
  /** The running stack (only inside tests and hooks). */
  stack(): TestStack;
  /** Creates a commitment and answers the 201 response; throws when setup fails, so a test cannot pass on it. */
  create(overrides?: Record<string, unknown>): Promise<Response>;
  createId(overrides?: Record<string, unknown>): Promise<string>;
  /** The ids GET /commitments lists for a query string. */
  listIds(query: string): Promise<string[]>;
  /** A JSON merge patch with If-Match naming `version`. */
  patch(id: string, body: unknown, version: number): Promise<Response>;
}

/** Starts a local stack for the calling test file (in `beforeAll`) and closes it afterwards. */
export function useApiStack(options: TestStackOptions = {}): ApiStack {
  let running: TestStack | undefined;
  let admin: Client | undefined;
  let keyless: Client | undefined;
  beforeAll(async () => {
    running = await startTestStack(options);
    admin = client(running.url, running.adminKey);
    keyless = client(running.url);
    // The first request pays for connecting to DynamoDB Local; pay it here, not in the first test's time.
    const health = await keyless("GET", "/health");
    if (health.status !== 200)
      throw new Error(`the test stack is not healthy: ${health.status} ${health.text}`);
  });
  afterAll(async () => {
    await running?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the test stack is not running: use it inside tests and hooks");
    return value;
  };
  const api: Client = (method, path, requestOptions?: RequestOptions) =>
    started(admin)(method, path, requestOptions);
  const anonymous: Client = (method, path, requestOptions?: RequestOptions) =>
    started(keyless)(method, path, requestOptions);

  async function create(overrides: Record<string, unknown> = {}): Promise<Response> {
    const response = await api("POST", "/commitments", { body: commitmentInput(overrides) });
    if (response.status !== 201) throw new Error(`setup create failed: ${response.status} ${response.text}`);
    return response;
  }

  return {
    api,
    anonymous,
    stack: () => started(running),
    create,
    createId: async (overrides = {}) => (await create(overrides)).json.id as string,
    listIds: async (query) => {
      const response = await api("GET", `/commitments?${query}`);
      if (response.status !== 200) throw new Error(`list failed: ${response.status} ${response.text}`);
      return response.json.items.map((item: { id: string }) => item.id);
    },
    patch: (id, body, version) =>
      api("PATCH", `/commitments/${id}`, {
        body,
        headers: { "content-type": "application/merge-patch+json", "if-match": `"${version}"` },
      }),
  };
}

let serial = 0;
/** A name no other test of the file uses, so fingerprints and party filters stay apart. */
export function unique(name: string): string {
  serial += 1;
  return `${name} ${serial}`;
}

/** The slug the API gives a plain Latin party name. */
export const slugOf = (name: string) => name.toLowerCase().replaceAll(" ", "-");

let nextYear = 1950;
/** A year only one test announces commitments in: listing tests filter by it to see their own records only. */
export function freshYear(): number {
  nextYear += 1;
  return nextYear;
}

/** The listing filter for one announcement year. */
export const within = (year: number) => `from=${year}-01-01&to=${year}-12-31`;

export const usd = (value: string) => ({ currency: "USD", value, qualifier: "exact" });
