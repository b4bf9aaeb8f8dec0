// The country where a text says the money goes: country names used as places, demonyms of projects, and cities.
import type { Span } from "./money.ts";

interface Country {
  code: string;
  /** Names and demonyms: a place only where the words around say so ("미국에", "in France", "French AI"). */
  names: RegExp;
  /** Cities and regions: always a place. */
  places?: RegExp;
}

const COUNTRIES: readonly Country[] = [
  {
    code: "US",
    names: /미국|\b(?:the United States|United States|U\.S\.|US|USA|America|American)\b/,
    places: /텍사스|루이지애나|\b(?:Texas|Abilene|Louisiana|Ohio|Arizona)\b/,
  },
  {
    code: "KR",
    names: /한국|국내|대한민국|\b(?:South Korea|Korea|Korean)\b/,
    places: /울산|서울|인천|부산|세종|경기도|\b(?:Seoul|Ulsan)\b/,
  },
  { code: "JP", names: /일본|\b(?:Japan|Japanese)\b/, places: /도쿄|오사카|\b(?:Tokyo|Osaka)\b/ },
  { code: "CN", names: /중국|\b(?:China|Chinese)\b/ },
  { code: "FR", names: /프랑스|\b(?:France|French)\b/, places: /파리|\bParis\b/ },
  { code: "DE", names: /독일|\b(?:Germany|German)\b/ },
  { code: "GB", names: /영국|\b(?:United Kingdom|UK|Britain|British)\b/ },
  {
    code: "AE",
    names: /아랍에미리트|\b(?:UAE|United Arab Emirates|Emirati)\b/,
    places: /아부다비|\bAbu Dhabi\b/,
  },
  { code: "SA", names: /사우디|\b(?:Saudi Arabia|Saudi)\b/, places: /\bRiyadh\b/ },
  { code: "IN", names: /인도(?![네양])|\b(?:India|Indian)\b/ },
  { code: "CA", names: /캐나다|\b(?:Canada|Canadian)\b/ },
  { code: "TH", names: /태국|\b(?:Thailand|Thai)\b/ },
  { code: "MY", names: /말레이시아|\b(?:Malaysia|Malaysian)\b/ },
  { code: "ID", names: /인도네시아|\b(?:Indonesia|Indonesian)\b/ },
  { code: "SG", names: /싱가포르|\bSingapore\b/ },
  { code: "TW", names: /대만|\b(?:Taiwan|Taiwanese)\b/ },
  { code: "AU", names: /호주|\b(?:Australia|Australian)\b/ },
  { code: "IT", names: /이탈리아|\b(?:Italy|Italian)\b/ },
  { code: "ES", names: /스페인|\b(?:Spain|Spanish)\b/ },
];

/** Words after a country name that make it a place: "미국에", "국내에서도", "미국 AI 인프라", "French AI infrastructure". */
const PLACE_AFTER =
  /^(?:에서|에|내|\s?전역|현지|\s?(?:AI|데이터센터|데이터 센터|인프라|클라우드|내)|의 (?:AI|데이터|인프라|클라우드)|'s (?:AI|data|cloud)|\s(?:AI|data|infrastructure|cloud|project|campus|sites?)\b)/;
/** Words before an English country name that make it a place: "in France", "across the US". */
const PLACE_BEFORE = /\b(?:in|into|across|throughout|within|to)\s(?:the\s)?$/i;
/** Places of meetings, not of money: "파리에서 열린", "at the AI Action Summit in Paris". */
const EVENT_AFTER = /^\S*\s?(?:열린|열리는|개최|에서 열린)|^\S*\s(?:this week|summit)/i;
const EVENT_BEFORE = /(?:Summit|summit|conference|forum|meeting|정상회의|서밋|회의)\s(?:in\s)?$/;

/** Global forms of the patterns, compiled once. */
const GLOBAL = COUNTRIES.map(({ code, names, places }) => ({
  code,
  patterns: [
    [new RegExp(names.source, "g"), false],
    ...(places ? [[new RegExp(places.source, "g"), true] as const] : []),
  ] as const,
}));

/** Any country name or place at all: most windows name none, and are done with one test. */
const ANY = new RegExp(
  COUNTRIES.flatMap(({ names, places }) => [names.source, ...(places ? [places.source] : [])]).join("|"),
);

/** True when `word` names a country (for telling a demonym from a company name). */
export function namesCountry(word: string): boolean {
  return COUNTRIES.some(({ names }) => names.test(word));
}

/** The first country in `span` named as a place, or null. */
export function countryIn(text: string, span: Span): string | null {
  const window = text.slice(span.start, span.end);
  if (!ANY.test(window)) return null;
  let best: { code: string; at: number } | null = null;
  for (const { code, patterns } of GLOBAL) {
    for (const [pattern, alwaysPlace] of patterns) {
      for (const match of window.matchAll(pattern)) {
        const after = window.slice(match.index + match[0].length, match.index + match[0].length + 24);
        const before = window.slice(Math.max(0, match.index - 24), match.index);
        if (EVENT_AFTER.test(after) || EVENT_BEFORE.test(before)) continue;
        if (!alwaysPlace && !PLACE_AFTER.test(after) && !PLACE_BEFORE.test(before)) continue;
        if (!best || match.index < best.at) best = { code, at: match.index };
        break;
      }
    }
  }
  return best?.code ?? null;
}
