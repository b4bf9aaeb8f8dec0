// A draft checked against the commitment input schema (SPEC 2): what is missing for a person to fill, what is wrong.
import { type Amount, amountInput, commitmentInput } from "../domain/commitment.ts";
import type { Draft, DraftCommitment } from "./types.ts";

function at(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const isEmpty = (value: unknown) => value === undefined || (Array.isArray(value) && value.length === 0);

/**
 * Validates with `commitmentInput`. A source's own `figure` is checked with `amountInput` on its own, since the
 * source schema of this version does not carry it yet. Issues on absent fields are what a person must fill.
 */
export function validateDraft(draft: DraftCommitment): Pick<Draft, "missing" | "problems"> {
  const sources = draft.sources.map(({ figure, ...rest }) => rest);
  const result = commitmentInput.safeParse({ ...draft, sources });
  const missing = new Set<string>();
  const problems: Draft["problems"] = [];
  for (const issue of result.success ? [] : result.error.issues) {
    const path = issue.path.join(".");
    if (isEmpty(at({ ...draft, sources }, issue.path))) missing.add(path);
    else problems.push({ path, message: issue.message });
  }
  draft.sources.forEach((source, index) => {
    if (!source.figure) return;
    const checked = amountInput.safeParse(source.figure);
    if (!checked.success)
      for (const issue of checked.error.issues)
        problems.push({ path: `sources.${index}.figure.${issue.path.join(".")}`, message: issue.message });
  });
  return { missing: [...missing], problems };
}

const SYMBOLS: Record<string, string> = { USD: "US$", EUR: "€", KRW: "₩", JPY: "¥", GBP: "£", CNY: "CN¥" };
const WORDS: Record<Amount["qualifier"], string> = {
  exact: "",
  approximately: "about ",
  "at-least": "at least ",
  "up-to": "up to ",
  range: "",
};

/** "at least US$500B", "up to ₩2.5T", "US$60B–65B": the figure as people read it, for a draft's title. */
export function describeAmount(amount: Amount): string {
  const short = (value: string) => {
    const whole = value.split(".")[0] as string;
    for (const [digits, suffix] of [
      [13, "T"],
      [10, "B"],
      [7, "M"],
    ] as const) {
      if (whole.length >= digits) {
        const cut = whole.length - digits + 1;
        const fraction = whole.slice(cut, cut + 2).replace(/0+$/, "");
        return `${whole.slice(0, cut)}${fraction ? `.${fraction}` : ""}${suffix}`;
      }
    }
    return value;
  };
  const symbol = SYMBOLS[amount.currency] ?? `${amount.currency} `;
  const figure =
    amount.qualifier === "range" ? `${short(amount.low)}–${short(amount.high)}` : short(amount.high);
  return `${WORDS[amount.qualifier]}${symbol}${figure}`;
}
