// The country where a text says the money goes: country names, demonyms and a few cities, in English and Korean.
import type { Span } from "./money.ts";

const NAMES: readonly [string, RegExp][] = [
  ["US", /미국|\b(?:the United States|United States|U\.S\.|US|USA|America|American|Texas|Abilene|Louisiana|Ohio|Arizona)\b|텍사스|루이지애나/],
  ["KR", /한국|국내|대한민국|울산|서울|인천|부산|세종|경기도|\b(?:South Korea|Korea|Korean|Seoul|Ulsan)\b/],
  ["JP", /일본|도쿄|오사카|\b(?:Japan|Japanese|Tokyo|Osaka)\b/],
  ["CN", /중국|\b(?:China|Chinese)\b/],
  ["FR", /프랑스|파리|\b(?:France|French|Paris)\b/],
  ["DE", /독일|\b(?:Germany|German)\b/],
  ["GB", /영국|\b(?:United Kingdom|UK|Britain|British)\b/],
  ["AE", /아랍에미리트|아부다비|\b(?:UAE|United Arab Emirates|Emirati|Abu Dhabi)\b/],
  ["SA", /사우디|\b(?:Saudi Arabia|Saudi|Riyadh)\b/],
  ["IN", /인도(?![네양])|\b(?:India|Indian)\b/],
  ["CA", /캐나다|\b(?:Canada|Canadian)\b/],
  ["TH", /태국|\b(?:Thailand|Thai)\b/],
  ["MY", /말레이시아|\b(?:Malaysia|Malaysian)\b/],
  ["ID", /인도네시아|\b(?:Indonesia|Indonesian)\b/],
  ["SG", /싱가포르|\b(?:Singapore)\b/],
  ["TW", /대만|\b(?:Taiwan|Taiwanese)\b/],
  ["AU", /호주|\b(?:Australia|Australian)\b/],
  ["IT", /이탈리아|\b(?:Italy|Italian)\b/],
  ["ES", /스페인|\b(?:Spain|Spanish)\b/],
];

/**
 * A country named as the nationality of a person or company ("US President", "Canadian investment firm",
 * "미국 마이크로소프트", "일본 소프트뱅크") says nothing of where the money goes.
 */
const NATIONALITY_AFTER =
  /^[\s'’s]*(?:President|Prime|government|presidency|firm|company|investment|investor|giant|chip|fund|counterpart|officials?|대통령|총리|정부|장관|기업|회사|투자|업체|국부펀드|마이크로소프트|소프트뱅크|오라클|엔비디아|부동산|동부|증시)/i;

/** The first country in `span` named as a place, or null. */
export function countryIn(text: string, span: Span): string | null {
  const window = text.slice(span.start, span.end);
  let best: { code: string; at: number } | null = null;
  for (const [code, pattern] of NAMES) {
    const global = new RegExp(pattern.source, "g");
    for (const match of window.matchAll(global)) {
      if (NATIONALITY_AFTER.test(window.slice(match.index + match[0].length, match.index + match[0].length + 24)))
        continue;
      if (!best || match.index < best.at) best = { code, at: match.index };
      break;
    }
  }
  return best?.code ?? null;
}
