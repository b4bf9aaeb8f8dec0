// Party names in a text, resolved through a registry of aliases (SPEC 2.1); unknown names are kept as written.
import type { PARTY_KINDS } from "../commitments/schema.ts";
import { namesCountry } from "./countries.ts";
import type { Span } from "./money.ts";
import { firstIndex } from "./search.ts";

export interface RegistryParty {
  slug: string;
  name: string;
  kind: (typeof PARTY_KINDS)[number];
  aliases: readonly string[];
}

export interface PartyMention extends Span {
  name: string;
  kind?: RegistryParty["kind"];
  slug?: string;
}

/** Case-insensitive comparison form: NFKC, lower case, runs of whitespace folded to one space. */
export function foldName(value: string): string {
  return value.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * The text in comparison form with its offsets kept: each character is folded on its own, and one whose NFKC
 * form has another length is left as it is, so an index in the folded text is an index in the original.
 */
export function foldText(text: string): string {
  let out = "";
  for (const char of text) {
    const folded = char.normalize("NFKC").toLowerCase();
    const same = folded.length === char.length ? folded : char;
    out += /\s/.test(same) ? " ".repeat(same.length) : same;
  }
  return out;
}

const HANGUL = /[가-힣]/;
const LATIN_OR_DIGIT = /[a-z0-9]/i;
/** What may follow a Korean name directly: a particle or a title, not another syllable of a longer word. */
const KOREAN_FOLLOWERS =
  /^(?:은|는|이|가|을|를|의|와|과|도|에|로|으로|측|만|까지|부터|처럼|보다|등|및|사|ceo|cfo|회장|대표|사장|부회장|장관|최고|주도|주식)/;

/** A folded window read with the original text's offsets. */
interface Folded {
  at(index: number): string;
  slice(from: number, to: number): string;
}

interface Entry {
  alias: string;
  party: RegistryParty;
  latin: boolean;
  /** Short all-caps or capitalised Latin aliases ("Arm", "SK") must be capitalised in the text too. */
  capitalised: string | null;
}

export class PartyMatcher {
  readonly #entries: Entry[];
  readonly #slugs: Map<string, string>;

  constructor(registry: readonly RegistryParty[]) {
    const entries: Entry[] = [];
    for (const party of registry) {
      for (const written of new Set([party.name, ...party.aliases])) {
        const alias = foldName(written);
        if (alias.length === 0) continue;
        const latin = !HANGUL.test(alias);
        const short = latin && alias.replace(/[^a-z]/g, "").length <= 3;
        entries.push({ alias, party, latin, capitalised: short ? written.normalize("NFKC") : null });
      }
    }
    this.#entries = entries.sort((a, b) => b.alias.length - a.alias.length);
    this.#slugs = new Map(registry.map((party) => [party.name, party.slug]));
  }

  /** The slug of a party by its canonical name; undefined for a name the registry does not know. */
  slugOf(name: string): string | undefined {
    return this.#slugs.get(name);
  }

  /** Registry parties named in `span` of the text, longest alias first, without overlaps. */
  find(text: string, span: Span): PartyMention[] {
    const window = foldText(text.slice(span.start, span.end));
    const folded = {
      at: (index: number) => window[index - span.start] ?? " ",
      slice: (from: number, to: number) => window.slice(from - span.start, to - span.start),
    };
    const taken: PartyMention[] = [];
    // Characters of the window a longer name already took: an overlap is checked in the length of one name.
    const covered = new Uint8Array(window.length);
    for (const entry of this.#entries) {
      for (let at = window.indexOf(entry.alias); at !== -1; at = window.indexOf(entry.alias, at + 1)) {
        const start = span.start + at;
        const end = start + entry.alias.length;
        if (covered.subarray(at, at + entry.alias.length).includes(1)) continue;
        if (!this.#bounded(text, folded, entry, start, end)) continue;
        taken.push({ start, end, name: entry.party.name, kind: entry.party.kind, slug: entry.party.slug });
        covered.fill(1, at, at + entry.alias.length);
      }
    }
    return taken.sort((a, b) => a.start - b.start);
  }

  #bounded(text: string, folded: Folded, entry: Entry, start: number, end: number): boolean {
    const before = folded.at(start - 1);
    const after = folded.at(end);
    if (entry.capitalised !== null && text.slice(start, end) !== entry.capitalised) {
      const written = text.slice(start, end);
      if (written[0] !== written[0]?.toUpperCase() || written === written.toLowerCase()) return false;
    }
    if (entry.latin) return !LATIN_OR_DIGIT.test(before) && !LATIN_OR_DIGIT.test(after);
    if (HANGUL.test(before)) return false;
    return !HANGUL.test(after) || KOREAN_FOLLOWERS.test(folded.slice(end, end + 4));
  }
}

/** Korean names of organisations not in the registry, recognised by their last word ("블루아울캐피털과"). */
const KOREAN_ORGANISATION =
  /(?<![가-힣A-Za-z])([가-힣A-Za-z]{1,12}(?:캐피털|캐피탈|그룹|홀딩스|파트너스|자산운용|인베스트먼트|은행|데이터센터즈|에너지|전자|텔레콤|클라우드|펀드))(?=은|는|이|가|을|를|의|와|과|도|에|,|\s)/g;
/** English names after a word that says a company follows: "Saudi Arabian firm DataVolt", "developed by Khazna Data Centers". */
const ENGLISH_ORGANISATION =
  /\b(?:firm|company|startup|fund|developer|operator|investor|group|giant|by)\s((?:[A-Z][A-Za-z0-9&.-]*)(?:\s(?:[A-Z][A-Za-z0-9&.-]*))*)/g;
const NOT_A_NAME = /\b(?:President|CEO|Chairman|Chair|Minister|Secretary|Mr|Ms|Prime|The|A|An|This|That)\b/;

/** Whether a span overlaps one of `spans` (in text order, not overlapping each other), by binary search. */
function overlapCheck(spans: readonly Span[]): (start: number, end: number) => boolean {
  return (start, end) => {
    // The first span ending after `start`: the only one that can overlap without an earlier one doing so.
    const next = spans[firstIndex(spans, (span) => span.end <= start)];
    return next !== undefined && next.start < end;
  };
}

/** Names of organisations the registry does not know, kept as written. */
export function unknownOrganisations(text: string, span: Span, known: readonly Span[]): PartyMention[] {
  const window = text.slice(span.start, span.end);
  const found: PartyMention[] = [];
  const names = new Set<string>();
  const overlapsKnown = overlapCheck(known);
  for (const pattern of [KOREAN_ORGANISATION, ENGLISH_ORGANISATION]) {
    for (const match of window.matchAll(pattern)) {
      const name = (match[1] as string).replace(/[.,]+$/, "");
      const start = span.start + match.index + match[0].length - (match[1] as string).length;
      const end = start + name.length;
      if (name.length < 2 || NOT_A_NAME.test(name) || namesCountry(name)) continue;
      if (overlapsKnown(start, end) || names.has(name)) continue;
      names.add(name);
      found.push({ start, end, name });
    }
  }
  return found;
}
