/**
 * Random ledger operations for property tests: creates (some as parts), patches (figures gained and lost,
 * re-parenting), deletes and exchange rates, applied the way clients would; refusals are answers, not failures.
 */
import fc from "fast-check";
import { getCommitmentItem } from "../../shared/commitments/reads.ts";
import { commitmentInput as schema } from "../../shared/commitments/schema.ts";
import { createCommitment, deleteCommitment, patchCommitment } from "../../shared/commitments/writes.ts";
import type { Deps } from "../../shared/deps.ts";
import { TrackerError } from "../../shared/errors.ts";
import { putFxRate } from "../../shared/store/reconvert.ts";
import { commitmentInput } from "./fixtures.ts";

const amount = fc.option(
  fc.record({
    currency: fc.constantFrom("USD", "KRW", "EUR"),
    value: fc.bigInt({ min: 1n, max: 10n ** 13n }).map(String),
    qualifier: fc.constantFrom("exact", "approximately", "at-least", "up-to"),
  }),
  { nil: undefined },
);
const day = fc.integer({ min: 1, max: 28 }).map((d) => String(d).padStart(2, "0"));
const date = fc
  .tuple(fc.constantFrom("2025-01", "2025-02", "2025-03"), day)
  .map(([month, d]) => `${month}-${d}`);
const parties = fc
  .uniqueArray(fc.constantFrom("SoftBank Group", "OpenAI", "Oracle", "MGX", "NVIDIA"), {
    minLength: 1,
    maxLength: 3,
  })
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc.constantFrom("funder", "technology-partner", "lead").map((role) => ({ name, role })),
      ),
    ),
  );
const fields = fc.record({
  amount,
  announcedOn: date,
  country: fc.constantFrom("US", "KR", "FR"),
  categories: fc.uniqueArray(fc.constantFrom("data-center", "compute", "energy"), {
    minLength: 1,
    maxLength: 2,
  }),
  confidence: fc.constantFrom("official", "reported", "estimate"),
  status: fc.constantFrom("announced", "planned", "cancelled"),
  parties,
});

export const operation = fc.oneof(
  fc.record({
    kind: fc.constant("create" as const),
    fields,
    parent: fc.option(fc.nat(), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant("patch" as const),
    target: fc.nat(),
    fields,
    parent: fc.option(fc.option(fc.nat(), { nil: null }), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant("delete" as const), target: fc.nat() }),
  fc.record({
    kind: fc.constant("rate" as const),
    currency: fc.constantFrom("KRW", "EUR"),
    date,
    rate: fc.constantFrom("1440", "1300", "0.9", "1.05"),
  }),
);
export type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;
type Fields = Operation extends infer O ? (O extends { fields: infer F } ? F : never) : never;

function body(values: Fields, parentId: string | undefined | null): Record<string, unknown> {
  return commitmentInput({
    announcedOn: values.announcedOn,
    amount: values.amount ?? undefined,
    location: { country: values.country },
    categories: values.categories,
    confidence: values.confidence,
    status: values.status,
    parties: values.parties,
    ...(parentId ? { parentId } : {}),
  });
}

export async function apply(deps: Deps, ids: string[], op: Operation): Promise<void> {
  const pick = (index: number) => (ids.length ? ids[index % ids.length] : undefined);
  try {
    if (op.kind === "create") {
      const { commitment } = await createCommitment(
        deps,
        schema.parse(body(op.fields, op.parent === undefined ? undefined : pick(op.parent))),
        { allowDuplicate: true },
      );
      ids.push(commitment.id);
    } else if (op.kind === "patch") {
      const id = pick(op.target);
      const item = id ? await getCommitmentItem(deps, id) : undefined;
      if (!id || !item) return;
      const parentId =
        op.parent === undefined ? item.record.parentId : op.parent === null ? null : pick(op.parent);
      const patch = {
        ...body(op.fields, undefined),
        amount: op.fields.amount ?? null,
        parentId: parentId ?? null,
      };
      await patchCommitment(deps, id, patch, { expectedVersion: item.version, allowDuplicate: true });
    } else if (op.kind === "delete") {
      const id = pick(op.target);
      if (id) await deleteCommitment(deps, id);
    } else {
      await putFxRate(
        deps,
        op.currency,
        op.date,
        op.currency === "KRW"
          ? { unitsPerUsd: op.rate, kind: "market", source: "test" }
          : { usdPerUnit: op.rate, kind: "market", source: "test" },
        "test",
      );
    }
  } catch (error) {
    // Refusals (a cycle, a whole with parts, a lost race, a vanished record) are answers; anything else is a bug.
    if (!(error instanceof TrackerError)) throw error;
  }
}
