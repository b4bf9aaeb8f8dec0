import { beforeEach, describe, expect, test } from "vitest";
import { createCommitments } from "../../shared/commitments/batch.ts";
import { getCommitmentItem, listCommitments } from "../../shared/commitments/reads.ts";
import { createCommitment, deleteCommitment, patchCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import { ConflictError, DuplicateError, ValidationError } from "../../shared/errors.ts";
import { getParty, listParties } from "../../shared/parties/reads.ts";
import { type RegistryInput, registerParty } from "../../shared/parties/registry.ts";
import { seedParties } from "../../shared/parties/seed.ts";
import { putFxRate } from "../../shared/store/reconvert.ts";
import { testDeps } from "../support/dynamo.ts";
import { parsedCommitment } from "../support/fixtures.ts";
import { gate, heldAtGate } from "../support/gate.ts";

let deps: Deps;
beforeEach(async () => {
  deps = await testDeps();
  for (const { slug, aliases = [], ...registration } of seedParties)
    await registerParty(deps, slug, { ...registration, aliases });
});

const register = (slug: string, registration: Partial<RegistryInput> & { name: string }) =>
  registerParty(deps, slug, { kind: "company", aliases: [], ...registration });

const funders = (...names: string[]) => names.map((name) => ({ name, role: "funder" }));

/** Stargate as the seed records it, with the parties given. */
const stargate = (parties: unknown[] = funders("OpenAI", "Oracle", "SoftBank Group", "MGX")) =>
  parsedCommitment({
    title: "Stargate",
    announcedOn: "2025-01-21",
    parties: [
      ...parties,
      { name: "Microsoft", role: "technology-partner" },
      { name: "NVIDIA", role: "technology-partner" },
      { name: "Arm", role: "technology-partner" },
    ],
    amount: { currency: "USD", value: "500000000000", qualifier: "at-least" },
    location: { country: "US" },
  });

const refusal = (promise: Promise<unknown>) => promise.then(() => undefined).catch((error: unknown) => error);
const candidateIds = (error: unknown) =>
  ((error as DuplicateError).extra.candidates as { id: string }[]).map((candidate) => candidate.id);

describe("the registry", () => {
  test("refuses an alias another party has, naming the owner", async () => {
    const error = await refusal(
      register("softbank-korea", { name: "SoftBank Korea", aliases: ["소프트뱅크"] }),
    );
    expect({ error, conflicts: (error as ConflictError).extra.conflicts }).toEqual({
      error: expect.any(ConflictError),
      conflicts: [{ alias: "소프트뱅크", party: "softbank-group" }],
    });
  });

  test("refuses an alias that differs from a taken one only in case, width and spacing", async () => {
    const error = await refusal(register("other", { name: "Other", aliases: ["  ＳｏｆｔＢａｎｋ  "] }));
    expect(error).toBeInstanceOf(ConflictError);
  });

  test("writes nothing when it refuses an alias", async () => {
    await refusal(register("softbank-korea", { name: "SoftBank Korea", aliases: ["소프트뱅크"] }));
    expect((await listParties(deps, 100, undefined)).items.map((party) => party.slug)).not.toContain(
      "softbank-korea",
    );
  });

  test("releases an alias it no longer lists, so another party can take it", async () => {
    await register("softbank-group", { name: "SoftBank Group", aliases: ["SoftBank"] });
    await register("softbank-korea", { name: "SoftBank Korea", aliases: ["소프트뱅크"] });
    expect((await getParty(deps, "소프트뱅크", 5, undefined)).slug).toBe("softbank-korea");
  });

  test("releases the old canonical name on a rename", async () => {
    await register("mgx", { name: "MGX Fund Management", kind: "fund" });
    await register("mgx-2", { name: "MGX" });
    expect((await getParty(deps, "MGX", 5, undefined)).slug).toBe("mgx-2");
  });

  test("refuses a parent that is not registered", async () => {
    const error = await refusal(register("sb-vision", { name: "SB Vision", parentSlug: "nowhere" }));
    expect(error).toBeInstanceOf(ValidationError);
  });

  test("refuses a parent that would make a cycle", async () => {
    await register("sb-vision", { name: "SB Vision", parentSlug: "softbank-group" });
    const error = await refusal(
      register("softbank-group", {
        name: "SoftBank Group",
        aliases: ["소프트뱅크"],
        parentSlug: "sb-vision",
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
  });

  test.each([
    { link: "a crossing link to its parent", chain: [{ name: "beta" }] },
    {
      link: "a link of its grandparent under it",
      chain: [{ name: "gamma" }, { name: "beta", parentSlug: "gamma" }],
    },
  ])("refuses a parent as a cycle when $link lands between its check and its write", async ({ chain }) => {
    // The chain above alpha, registered top first; its top is then linked under alpha while alpha's PUT waits.
    for (const party of chain) await register(party.name, party);
    await register("alpha", { name: "alpha" });
    const at = gate();
    const racing = refusal(
      registerParty(heldAtGate(deps, at), "alpha", {
        name: "alpha",
        kind: "company",
        aliases: [],
        parentSlug: "beta",
      }),
    );
    await at.held;
    const top = chain[0]?.name as string;
    await register(top, { name: top, parentSlug: "alpha" });
    at.open();
    const error = await racing;
    expect({
      refusal: (error as ValidationError | undefined)?.message,
      alpha: (await getParty(deps, "alpha", 1, undefined)).parentSlug,
    }).toEqual({
      refusal: "the parent would make a cycle, or a chain of parents too deep",
      alpha: undefined,
    });
  });

  test("lists a registered party before any commitment names it", async () => {
    const party = (await listParties(deps, 100, undefined)).items.find((item) => item.slug === "msit");
    expect(party).toMatchObject({
      name: "Ministry of Science and ICT",
      registered: true,
      aliases: ["과학기술정보통신부", "과기정통부", "MSIT"],
      commitments: 0,
    });
  });
});

describe("resolution at write time", () => {
  test("records the canonical names and slugs, keeping the name as written", async () => {
    const { commitment } = await createCommitment(deps, stargate(funders("오픈AI", "SoftBank")));
    expect(commitment.parties.slice(0, 2)).toEqual([
      { name: "OpenAI", role: "funder", slug: "openai", writtenAs: "오픈AI" },
      { name: "SoftBank Group", role: "funder", slug: "softbank-group", writtenAs: "SoftBank" },
    ]);
  });

  test("gives the fingerprint the canonical slugs", async () => {
    const { commitment } = await createCommitment(
      deps,
      stargate(funders("오픈AI", "오라클", "일본 소프트뱅크", "MGX")),
    );
    expect((await getCommitmentItem(deps, commitment.id))?.fingerprint).toBe(
      "mgx,openai,oracle,softbank-group|USD|500000000000|2025-01",
    );
  });

  test("keeps an unknown name's own slug", async () => {
    const { commitment } = await createCommitment(deps, stargate(funders("Crusoe Energy")));
    expect(commitment.parties[0]).toEqual({ name: "Crusoe Energy", role: "funder", slug: "crusoe-energy" });
  });

  test("leaves the parties as they are when a patch does not touch them", async () => {
    const { commitment } = await createCommitment(deps, stargate(funders("오픈AI", "MGX")));
    const patched = await patchCommitment(deps, commitment.id, { status: "planned" }, { expectedVersion: 1 });
    expect(patched.parties).toEqual(commitment.parties);
  });

  test("answers ?party= by an alias in another script", async () => {
    const { commitment } = await createCommitment(deps, stargate());
    const { items } = await listCommitments(deps, { party: "소프트뱅크", sort: "-announcedOn", limit: 5 });
    expect(items.map((item) => item.id)).toEqual([commitment.id]);
  });
});

describe("near-duplicates", () => {
  test("are refused with the candidates, the existing record first", async () => {
    const { commitment } = await createCommitment(deps, stargate());
    const error = await refusal(createCommitment(deps, stargate(funders("오픈AI", "오라클", "소프트뱅크"))));
    expect([error instanceof DuplicateError, candidateIds(error)]).toEqual([true, [commitment.id]]);
  });

  test("keep existingId for a record with the same fingerprint", async () => {
    const { commitment } = await createCommitment(deps, stargate());
    const error = await refusal(
      createCommitment(deps, stargate(funders("오픈AI", "오라클", "소프트뱅크", "mgx"))),
    );
    expect((error as DuplicateError).extra.existingId).toBe(commitment.id);
  });

  test("are recorded with allowDuplicate", async () => {
    await createCommitment(deps, stargate());
    const { commitment } = await createCommitment(deps, stargate(funders("SoftBank")), {
      allowDuplicate: true,
    });
    expect(commitment.version).toBe(1);
  });

  test("are found in another currency whatever rates converted the figures", async () => {
    await putFxRate(
      deps,
      "KRW",
      "2025-01-01",
      { unitsPerUsd: "1300", kind: "market", source: "test" },
      "test",
    );
    await putFxRate(
      deps,
      "KRW",
      "2025-02-01",
      { unitsPerUsd: "1500", kind: "market", source: "test" },
      "test",
    );
    const korea = (announcedOn: string, value: string) =>
      parsedCommitment({
        announcedOn,
        parties: [{ name: "과기정통부", role: "government" }],
        amount: { currency: "KRW", value, qualifier: "up-to" },
        location: { country: "KR" },
      });
    const { commitment } = await createCommitment(deps, korea("2025-01-22", "2500000000000"));
    const error = await refusal(createCommitment(deps, korea("2025-02-03", "2400000000000")));
    expect(candidateIds(error)).toEqual([commitment.id]);
  });

  test("are found for small USD figures, however they round to whole dollars", async () => {
    const small = (value: string) =>
      parsedCommitment({
        amount: { currency: "USD", value, qualifier: "exact" },
        location: { country: "US" },
      });
    const { commitment } = await createCommitment(deps, small("1.5"));
    expect(candidateIds(await refusal(createCommitment(deps, small("1.45"))))).toEqual([commitment.id]);
  });

  test("do not stop an Idempotency-Key's repeat from answering with its record", async () => {
    const idempotency = { principal: "test", scope: "POST /commitments", key: "stargate", requestHash: "h" };
    const first = await createCommitment(deps, stargate(), { idempotency });
    const again = await createCommitment(deps, stargate(), { idempotency });
    expect([again.replayed, again.commitment.id]).toEqual([true, first.commitment.id]);
  });

  test("are refused item by item in a batch, against the ledger and earlier items", async () => {
    const { commitment } = await createCommitment(deps, stargate());
    const japan = (value: string) =>
      parsedCommitment({
        amount: { currency: "JPY", value, qualifier: "exact" },
        location: { country: "JP" },
      });
    const outcomes = await createCommitments(deps, [
      stargate(funders("SoftBank")),
      japan("1000000000000"),
      japan("1010000000000"),
    ]);
    expect(
      outcomes.map((outcome) =>
        outcome.result === "created" ? "created" : candidateIds(outcome.error).length,
      ),
    ).toEqual([1, "created", 1]);
    expect(candidateIds((outcomes[0] as { error: DuplicateError }).error)).toEqual([commitment.id]);
  });

  test("do not stop a batch's rerun under the same key from completing", async () => {
    const items = [stargate(), stargate(funders("Crusoe Energy"))];
    const idempotency = { principal: "test", scope: "POST /commitments/batch", key: "rerun" };
    const first = await createCommitments(deps, items, { idempotency });
    const again = await createCommitments(deps, items, { idempotency });
    const created = (outcomes: typeof first) =>
      outcomes.map((outcome) => (outcome.result === "created" ? outcome.id : outcome.error.status));
    expect(created(again)).toEqual(created(first));
  });
});

describe("party totals", () => {
  test("keep what a party funds apart from what it is only involved in", async () => {
    await createCommitment(deps, stargate());
    const [softbank, nvidia] = await Promise.all([
      getParty(deps, "softbank-group", 1, undefined),
      getParty(deps, "nvidia", 1, undefined),
    ]);
    expect({
      softbank: [softbank.commitments, softbank.funding, softbank.involvement],
      nvidia: [nvidia.commitments, nvidia.funding, nvidia.involvement],
    }).toEqual({
      softbank: [
        1,
        {
          count: 1,
          usdLow: "500000000000",
          // "At least": the floor, and a ceiling left open.
          usdHigh: null,
          openEnded: "1",
          byQualifier: { "at-least": { count: "1", usdLow: "500000000000", usdHigh: "500000000000" } },
          unconverted: "0",
          stale: "0",
        },
        { count: 0 },
      ],
      nvidia: [
        1,
        {
          count: 0,
          usdLow: "0",
          usdHigh: "0",
          openEnded: "0",
          byQualifier: {},
          unconverted: "0",
          stale: "0",
        },
        { count: 1 },
      ],
    });
  });

  test("move a party from funding to involvement when its role changes, and back to nothing on delete", async () => {
    const { commitment } = await createCommitment(deps, stargate());
    const parties = commitment.parties.map(({ name, role }) => ({
      name,
      role: name === "Oracle" ? "operator" : role,
    }));
    await patchCommitment(deps, commitment.id, { parties }, { expectedVersion: 1 });
    const patched = await getParty(deps, "oracle", 1, undefined);
    await deleteCommitment(deps, commitment.id);
    const deleted = await getParty(deps, "oracle", 1, undefined);
    expect([
      [patched.funding.count, patched.involvement.count],
      [deleted.commitments, deleted.funding.count, deleted.involvement.count],
    ]).toEqual([
      [0, 1],
      [0, 0, 0],
    ]);
  });
});
