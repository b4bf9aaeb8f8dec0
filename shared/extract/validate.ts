// A draft checked against the commitment input schema (SPEC 2): what is missing for a person to fill, what is wrong.
import { type Amount, amountInput, commitmentInput } from "../commitments/schema.ts";
import type { Draft, DraftCommitment } from "./types.ts";

/**
 * Required fields a draft may lack, each with a stand-in used only while validating: the schema then judges the
 * fields the text did give, and a missing one is reported once, by name, without the cost of a failed parse.
 */
const STAND_INS: readonly [
  string,
  (draft: DraftCommitment) => boolean,
  (draft: Record<string, unknown>) => void,
][] = [
  [
    "announcedOn",
    (draft) => draft.announcedOn === undefined,
    (draft) => Object.assign(draft, { announcedOn: "2000-01-01", announcedOnPrecision: "day" }),
  ],
  [
    "parties",
    (draft) => draft.parties.length === 0,
    (draft) => Object.assign(draft, { parties: [{ name: "stand-in", role: "other" }] }),
  ],
  [
    "categories",
    (draft) => draft.categories.length === 0,
    (draft) => Object.assign(draft, { categories: ["other"] }),
  ],
  [
    "location",
    (draft) => draft.location === undefined,
    (draft) => Object.assign(draft, { location: { country: "XX" } }),
  ],
  ["confidence", () => true, (draft) => Object.assign(draft, { confidence: "reported" })],
];

/**
 * Validates with `commitmentInput`: `missing` names the required fields the text did not give (a person fills
 * them), `problems` what the schema refuses among the fields it did give. A source's own `figure` is checked with
 * `amountInput` on its own, since the source schema of this version does not carry it yet.
 */
export function validateDraft(draft: DraftCommitment): Pick<Draft, "missing" | "problems"> {
  const missing: string[] = [];
  const candidate: Record<string, unknown> = {
    ...draft,
    sources: draft.sources.map(({ figure, ...rest }, index) => {
      if (rest.url !== undefined) return rest;
      missing.push(`sources.${index}.url`);
      return { ...rest, url: "https://stand-in.invalid/" };
    }),
  };
  for (const [field, absent, standIn] of STAND_INS) {
    if (!absent(draft)) continue;
    missing.push(field);
    standIn(candidate);
  }
  const result = commitmentInput.safeParse(candidate);
  const problems: Draft["problems"] = result.success
    ? []
    : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  draft.sources.forEach((source, index) => {
    if (!source.figure) return;
    const checked = amountInput.safeParse(source.figure);
    if (!checked.success)
      for (const issue of checked.error.issues)
        problems.push({ path: `sources.${index}.figure.${issue.path.join(".")}`, message: issue.message });
  });
  return { missing: missing.sort(), problems };
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
