// Whether a money figure is an investment commitment, or context (a forecast, past spending, a price…) and why.
import { compareDecimal } from "../domain/decimal.ts";
import { commitmentFloor } from "./currencies.ts";
import type { MoneyMention, Span } from "./money.ts";

/** Words that say money is being committed: invested, spent, mobilised, built with. */
const COMMITMENT =
  /투자|투입|지출|들여|들인|확보|출자|조성|동원|집행|쏟아|구축|건설|설립|조달|유치|자금|규모|기금|펀드|invest|spend|spending|capital expenditure|capex|commit|pledge|mobili[sz]|fund|financ|allocat|earmark|build|deploy|back(?:ing|ed)|splurge|put\b|plan|project|initiative|프로젝트|사업|합작|joint venture/i;

/** Each kind of context figure, with the reason reported for it. */
const CONTEXT: readonly [RegExp, string][] = [
  [
    /애널리스트|월가|시장에서는|컨센서스|analysts?\b|Wall Street|consensus|estimates?\b(?! of)|expectations?\b/i,
    "an analysts' estimate, not a commitment",
  ],
  [
    /주가|주당|시가총액|시총|종가|마감(?:하|했|됐)|거래량|\bshares?\b|\bstock\b|market (?:value|cap)/i,
    "a stock move, not a commitment",
  ],
  [
    /매출|영업이익|순이익|수익|실적|revenue|sales\b|net income|profit|earnings per share|\bEPS\b/i,
    "revenue or earnings, not a commitment",
  ],
  [
    /국내총생산|GDP|경제 효과|경제적 효과|economic (?:impact|output)/i,
    "an economic-impact figure, not a commitment",
  ],
  [/기업가치|valued at|valuation/i, "a valuation, not a commitment"],
  [
    /비용|개발비|원가|가격|값은|(?:장|개|대)\s?당|\bcosts?\b|\bprice\b|per (?:unit|chip|GPU)/i,
    "a cost or a price, not a commitment",
  ],
  [
    /(?:투자|지출|투입|사용)(?:했다|해 왔다|해왔다|했으며|했고|한 바 있다)|썼다|\b(?:has|have|had) (?:already )?(?:spent|invested)|already invested|\bspent\b|\breported\s[$€£¥₩]/i,
    "money already spent, not a new commitment",
  ],
];

/**
 * Words right before a figure that make it another period's figure, set against the commitment: "above 2024's
 * $52.5bn", "up from $39 billion", "compared with $X". A year's figure ("2024's $52.5bn") is past before the publication year, or when a comparison sets it against.
 */
const COMPARED_BEFORE =
  /(?:\b(?:last|previous|prior) (?:year|quarter)['’]s|\b(?:above|below|than|over|exceeding|versus|vs\.?) (?:19|20)\d{2}['’]s|\b((?:19|20)\d{2})['’]s|\b(?:up|down|rising|rose|fell|increased|climbed|grew) from|\bcompared (?:with|to)|\bversus|\bvs\.?)\s*(?:about|around|roughly|nearly|almost)?\s*$/i;
/** Words right after one that make it a quarter's spending as reported: "$26.3 billion of its fourth-quarter spending". */
const QUARTER_AFTER =
  /^\s*(?:of|in) (?:the company['’]s |its |their )?(?:(?:first|second|third|fourth)[- ]quarter|Q[1-4]|quarterly|last quarter['’]s) (?:spending|capex|capital expenditures?)/i;

/** Whether a figure is a past period's, by the words right around it. */
function pastPeriod(
  text: string,
  mention: MoneyMention,
  clause: Span,
  referenceYear: number | undefined,
): boolean {
  const before = COMPARED_BEFORE.exec(text.slice(Math.max(clause.start, mention.start - 40), mention.start));
  if (
    before &&
    (before[1] === undefined || (referenceYear !== undefined && Number(before[1]) < referenceYear))
  )
    return true;
  return QUARTER_AFTER.test(text.slice(mention.end, Math.min(clause.end, mention.end + 60)));
}

/** A forecast about a market, with nobody committing: "전 세계 데이터센터 투자가 … 투입될 것으로 전망된다". */
const FORECAST = /전망|예상|예측|추산|forecast|projected|expected to (?:reach|hit|grow)/i;
const MARKET = /전 세계|세계|글로벌|시장|업계|market|industry|global|worldwide/i;

export type Verdict = { commitment: true } | { commitment: false; reason: string };

/** Keeps a fact read from a span (a clause, a sentence) for the span's next figure; by default, reads it again. */
export type Memo = <T>(kind: string, span: Span, compute: () => T) => T;
const readAgain: Memo = (_kind, _span, compute) => compute();

/**
 * Judges one figure from its clause (the words nearest it) and its sentence. `hasParty` says whether a named party
 * was found for it: a forecast about a market with nobody committing is context. `referenceYear` is the year the
 * text was published, when known. `memo` keeps what is read from the whole clause or sentence, so that a sentence
 * with many figures is read once, not once per figure.
 */
export function judge(
  text: string,
  mention: MoneyMention,
  clause: Span,
  sentence: Span,
  hasParty: boolean,
  referenceYear?: number,
  memo: Memo = readAgain,
): Verdict {
  if (compareDecimal(mention.amount.high, commitmentFloor(mention.amount.currency)) < 0)
    return {
      commitment: false,
      reason: "too small for an infrastructure commitment (a price or a cost per unit)",
    };
  const near = text.slice(Math.max(clause.start, mention.start - 60), Math.min(clause.end, mention.end + 60));
  for (const [pattern, reason] of CONTEXT) if (pattern.test(near)) return { commitment: false, reason };
  if (pastPeriod(text, mention, clause, referenceYear))
    return {
      commitment: false,
      reason: "another period's figure, set against the commitment; not a new one",
    };
  const forecast = (words: string) => FORECAST.test(words) && MARKET.test(words);
  if (!hasParty && memo("forecast", clause, () => forecast(text.slice(clause.start, clause.end))))
    return { commitment: false, reason: "a market forecast, not a commitment" };
  if (!memo("commitment", sentence, () => COMMITMENT.test(text.slice(sentence.start, sentence.end))))
    return { commitment: false, reason: "no word of investing or spending near it" };
  return { commitment: true };
}

export interface OtherFigure extends Span {
  written: string;
  reason: string;
}

/** Percentages and fractions: growth rates, shares and cost ratios, reported as figures seen but not money. */
export function otherFigures(text: string): OtherFigure[] {
  const found: OtherFigure[] = [];
  const patterns: readonly [RegExp, string][] = [
    // Bounded runs that start only where a digit run starts: no quadratic rescans of a long run of digits.
    [
      /(?<![\d.])\d{1,12}(?:\.\d{1,6})?\s?(?:%|퍼센트|percent\b|per cent\b|percentage points?)/gi,
      "a rate or a share, not money",
    ],
    [/(?<![\d/])\d{1,3}\s?\/\s?\d{1,4}(?![\d/])|(?<!\d)\d{1,3}\s?분의\s?\d{1,3}/g, "a ratio, not money"],
  ];
  for (const [pattern, reason] of patterns) {
    for (const match of text.matchAll(pattern)) {
      if (found.length >= 1000) return found;
      found.push({ start: match.index, end: match.index + match[0].length, written: match[0], reason });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** SPEC 2 categories a sentence speaks of. */
export function categoriesIn(words: string): string[] {
  const cues: readonly [string, RegExp][] = [
    [
      "data-center",
      /데이터\s?센터|데이터센터|data ?cent(?:er|re)s?|campus|캠퍼스|AI DC|AIDC|팩토리|factor(?:y|ies)|gigafactor/i,
    ],
    [
      "compute",
      /GPU|그래픽처리장치|컴퓨팅|compute|computing|supercomputer|슈퍼컴|cloud|클라우드|H100|Blackwell/i,
    ],
    ["energy", /전력|에너지|energy|power plant|nuclear|원전|발전소/i],
    ["chips", /반도체|semiconductor|chip (?:plant|fab)|파운드리|foundry/i],
    ["network", /네트워크|network|subsea cable|해저 케이블/i],
    ["research", /연구|R&D|research/i],
    ["talent", /인재|일자리|교육|talent|training|skills|jobs/i],
  ];
  return cues.filter(([, pattern]) => pattern.test(words)).map(([category]) => category);
}
