/** Revisions: what changed between two states of a record, field by field. */
import type { Commitment } from "../commitments/schema.ts";

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** Fields that change on every write and say nothing about the commitment itself. */
const BOOKKEEPING = new Set(["version", "createdAt", "updatedAt", "id"]);

/** Canonical JSON (sorted keys) so that key order never counts as a change. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : item,
  );
}

/** The top-level fields that differ between `before` and `after` (null stands for absent). */
export function diffRecords(
  before: Partial<Commitment> | null,
  after: Partial<Commitment> | null,
): FieldChanges {
  const changes: FieldChanges = {};
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const name of [...names].sort()) {
    if (BOOKKEEPING.has(name)) continue;
    const from = (before as Record<string, unknown> | null)?.[name] ?? null;
    const to = (after as Record<string, unknown> | null)?.[name] ?? null;
    if (canonicalJson(from) !== canonicalJson(to)) changes[name] = { from, to };
  }
  return changes;
}

/** RFC 7386 JSON merge patch: objects merge, null removes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target && typeof target === "object" && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [name, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete result[name];
    else result[name] = applyMergePatch(result[name], value);
  }
  return result;
}
