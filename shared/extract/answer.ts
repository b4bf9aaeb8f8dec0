/**
 * An extraction's answer as the API sends it: within what one Lambda response can carry (6 MB, the body escaped
 * once more inside the response's JSON). A run-on text of thousands of figures can give more; the drafts and
 * ignored figures past the bound are left out, in order, and a note says how many.
 */
import type { ExtractResult } from "./types.ts";

/** Bytes of JSON one answer holds at most: room under 6 MB for the escaping and the response around it. */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

export function withinAnswer(result: ExtractResult, maxBytes = MAX_ANSWER_BYTES): ExtractResult {
  let used = bytes({ ...result, drafts: [], ignored: [] }) + 200;
  const keep = <T>(list: readonly T[]): T[] => {
    const kept: T[] = [];
    for (const entry of list) {
      used += bytes(entry) + 1;
      if (used > maxBytes) break;
      kept.push(entry);
    }
    return kept;
  };
  const drafts = keep(result.drafts);
  const ignored = keep(result.ignored);
  const count = (n: number, one: string, many: string) => (n === 0 ? [] : [`${n} ${n === 1 ? one : many}`]);
  const leftOut = [
    ...count(result.drafts.length - drafts.length, "draft", "drafts"),
    ...count(result.ignored.length - ignored.length, "ignored figure", "ignored figures"),
  ];
  if (leftOut.length === 0) return result;
  return {
    ...result,
    drafts,
    ignored,
    notes: [
      ...result.notes,
      `${leftOut.join(" and ")} were left out, the last ones found: one answer holds ${(maxBytes / 1024 / 1024).toFixed(1)} MB; paste a shorter part of the text to see them`,
    ],
  };
}
