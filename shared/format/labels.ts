/** Names instead of codes: "South Korea", not KR; "Data centers", not data-center. Unknown codes still read. */

const CATEGORY_LABELS: Record<string, string> = {
  "data-center": "Data centers",
  compute: "Compute",
  energy: "Energy",
  chips: "Chips",
  network: "Networks",
  research: "Research",
  talent: "Talent",
  other: "Other",
};

const STATUS_LABELS: Record<string, string> = {
  announced: "Announced",
  planned: "Planned",
  "under-construction": "Under construction",
  operational: "Operational",
  delayed: "Delayed",
  cancelled: "Cancelled",
};

const CONFIDENCE_LABELS: Record<string, string> = {
  official: "Official statement",
  reported: "Press report",
  estimate: "Analyst estimate",
};

const ROLE_LABELS: Record<string, string> = {
  funder: "Funder",
  lead: "Lead",
  operator: "Operator",
  "technology-partner": "Technology partner",
  government: "Government",
  lender: "Lender",
  other: "Other role",
};

const FX_KIND_LABELS: Record<string, string> = {
  official: "official rate",
  market: "market rate",
  implied: "implied rate",
};

const CHANGE_LABELS: Record<string, string> = {
  created: "Recorded",
  updated: "Revised",
  "source-added": "Source added",
  deleted: "Deleted",
};

/** "under-construction" → "Under construction": what an unknown slug still reads as. */
function humanize(slug: string): string {
  const words = slug.replaceAll("-", " ").replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const label = (table: Record<string, string>) => (slug: string) => table[slug] ?? humanize(slug);

export const categoryLabel = label(CATEGORY_LABELS);
export const statusLabel = label(STATUS_LABELS);
export const confidenceLabel = label(CONFIDENCE_LABELS);
export const roleLabel = label(ROLE_LABELS);
export const changeLabel = label(CHANGE_LABELS);
/** "implied rate": how a rate was set, in the words that follow a rate ("₩1,440/US$, implied rate"). */
export const fxKindLabel = (kind: string) => FX_KIND_LABELS[kind] ?? `${kind} rate`;

/** The category slugs in the order the ledger lists them. */
export const CATEGORY_SLUGS = Object.keys(CATEGORY_LABELS);
export const STATUS_SLUGS = Object.keys(STATUS_LABELS);
export const CONFIDENCE_SLUGS = Object.keys(CONFIDENCE_LABELS);
export const ROLE_SLUGS = Object.keys(ROLE_LABELS);

/** For XX: a commitment spread over several countries. */
const MULTI_COUNTRY = "XX";
const displayNames = new Map<string, Intl.DisplayNames>();

function displayName(type: "region" | "language", code: string): string | undefined {
  let names = displayNames.get(type);
  if (!names) {
    names = new Intl.DisplayNames(["en"], { type, fallback: "none" });
    displayNames.set(type, names);
  }
  try {
    return names.of(code);
  } catch {
    return undefined;
  }
}

/** "KR" → "South Korea", "XX" → "Several countries"; an unknown code is returned as it is. */
export function countryName(code: string): string {
  if (code === MULTI_COUNTRY) return "Several countries";
  const name = displayName("region", code);
  return name && name !== "Unknown Region" ? name : code;
}

/** "ko" → "Korean", "en-US" → "American English". */
export function languageName(tag: string): string {
  return displayName("language", tag) ?? tag;
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

/** "ko" for text written mostly in Hangul, so a page can mark it up (`lang`) for fonts and screen readers. */
export function scriptLanguage(text: string): "ko" | undefined {
  const letters = text.replace(/[\s\d\p{P}\p{S}]/gu, "");
  if (letters.length === 0) return undefined;
  let hangul = 0;
  for (const char of letters) if (HANGUL.test(char)) hangul += 1;
  return hangul * 2 > letters.length ? "ko" : undefined;
}
