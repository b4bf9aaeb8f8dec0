/**
 * The example commitments of the source article (../shared/facts/seed-commitments.md), written as API input:
 * exactly what a client would POST. The article is CC BY-NC-ND: excerpts are short quotes, with attribution.
 */
import type { z } from "zod";
import type { commitmentInput } from "../../shared/commitments/schema.ts";
import type { fxRateInput } from "../../shared/domain/fx.ts";

type CommitmentInput = z.input<typeof commitmentInput>;
type Source = CommitmentInput["sources"][number];

type Figure = NonNullable<Source["figure"]>;

/**
 * IT동아, 김예지, "딥시크 쇼크에도 AI 데이터센터 건재할 이유", published early February 2025 (the copy we hold
 * gives no day, so the source has no `publishedOn`). Each excerpt is the article's own sentence, verbatim (its
 * curly quotes kept), with the figure that sentence states.
 */
const article = (excerpt: string, figure: Figure): Source => ({
  url: "https://it.donga.com/106495",
  publisher: "IT동아",
  title: "딥시크 쇼크에도 AI 데이터센터 건재할 이유",
  language: "ko",
  excerpt,
  figure,
});

/**
 * Not a market or central-bank rate: the rate the article itself implies by writing US$500 billion as "약 720조
 * 원" (about KRW 720 trillion), its own rounded conversion.
 */
export const seedFxRate: { currency: string; date: string; body: z.input<typeof fxRateInput> } = {
  currency: "KRW",
  date: "2025-01-22",
  body: {
    unitsPerUsd: "1440",
    kind: "implied",
    source:
      "Implied by IT동아 (https://it.donga.com/106495): the article writes US$500 billion as 약 720조 원 (about KRW 720 trillion), its own rounded conversion, i.e. KRW 1,440 per US dollar. Not a market or central-bank rate.",
  },
};

export const seedCommitments: readonly { idempotencyKey: string; input: CommitmentInput }[] = [
  {
    idempotencyKey: "seed-stargate-2025-01-21",
    input: {
      title: "Stargate",
      description:
        "A joint venture of OpenAI, Oracle and SoftBank to build AI infrastructure in the United States; Microsoft, NVIDIA and Arm join as technology partners.",
      announcedOn: "2025-01-21",
      announcedOnPrecision: "day",
      parties: [
        { name: "OpenAI", role: "funder", kind: "company" },
        { name: "Oracle", role: "funder", kind: "company" },
        { name: "SoftBank Group", role: "funder", kind: "company" },
        { name: "MGX", role: "funder", kind: "fund" },
        { name: "Microsoft", role: "technology-partner", kind: "company" },
        { name: "NVIDIA", role: "technology-partner", kind: "company" },
        { name: "Arm", role: "technology-partner", kind: "company" },
      ],
      amount: { currency: "USD", value: "500000000000", qualifier: "at-least" },
      period: { start: "2025", end: "2029" },
      categories: ["data-center", "compute", "energy"],
      location: { country: "US" },
      status: "announced",
      confidence: "official",
      sources: [
        article(
          "도널드 트럼프 미국 대통령은 지난달 취임 후, 미국 AI 인프라에 최소 5000억 달러(약 720조 원)를 투자한다고 밝혔다. 이는 오픈AI, 오라클, 일본 소프트뱅크 3사의 합작사 ‘스타게이트’ 설립이 골자다. 오픈AI 최대 주주 MS, 엔비디아, Arm 등도 파트너사로 참여한다.",
          { currency: "USD", value: "500000000000", qualifier: "at-least" },
        ),
        {
          url: "https://openai.com/index/announcing-the-stargate-project/",
          publisher: "OpenAI",
          title: "Announcing The Stargate Project",
          publishedOn: "2025-01-21",
          language: "en",
          excerpt:
            "intends to invest $500 billion over the next four years … deploying $100 billion immediately",
          figure: { currency: "USD", value: "500000000000", qualifier: "exact" },
        },
      ],
    },
  },
  {
    idempotencyKey: "seed-meta-2025-01-24",
    input: {
      title: "Meta AI infrastructure 2025",
      description:
        "Mark Zuckerberg's plan to invest US$65 billion or more in building AI infrastructure in 2025.",
      announcedOn: "2025-01-24",
      announcedOnPrecision: "day",
      parties: [{ name: "Meta", role: "funder", kind: "company" }],
      amount: { currency: "USD", value: "65000000000", qualifier: "at-least" },
      period: { start: "2025", end: "2025" },
      categories: ["data-center", "compute"],
      location: { country: "US" },
      status: "announced",
      // Known here only through the press; Meta's own post is not kept as a source.
      confidence: "reported",
      sources: [
        article(
          "마크 저커버그 메타 CEO도 지난 24일 올해 AI 인프라 구축에 650억 달러(약 94조 원) 이상 투자 계획을 밝혔다.",
          { currency: "USD", value: "65000000000", qualifier: "at-least" },
        ),
        {
          url: "https://www.livemint.com/market/stock-market-news/meta-plans-to-invest-up-to-65-billion-for-capex-in-2025-shares-gain-1-6-in-early-market-session/amp-11737730373511.html",
          publisher: "Mint",
          title: "Meta plans to invest up to $65 billion for capex in 2025",
          publishedOn: "2025-01-24",
          language: "en",
          excerpt:
            "“We're planning to invest $60-65B in capex this year while also growing our AI teams significantly”",
          figure: { currency: "USD", low: "60000000000", high: "65000000000", qualifier: "range" },
        },
      ],
    },
  },
  {
    idempotencyKey: "seed-kr-national-ai-computing-center-2025-01-22",
    input: {
      title: "국가 AI 컴퓨팅 센터 (National AI Computing Center)",
      description:
        "The Ministry of Science and ICT (MSIT), jointly with other ministries, announced the execution plan for building a national AI computing center through a special-purpose company (SPC), targeted for November 2025: up to KRW 2.5 trillion to secure 15,000 NVIDIA H100 GPUs.",
      announcedOn: "2025-01-22",
      announcedOnPrecision: "day",
      parties: [{ name: "Ministry of Science and ICT", role: "government", kind: "government" }],
      amount: { currency: "KRW", value: "2500000000000", qualifier: "up-to" },
      categories: ["compute", "data-center"],
      location: { country: "KR" },
      capacity: { accelerators: [{ model: "NVIDIA H100", count: 15_000 }] },
      status: "announced",
      confidence: "reported",
      sources: [
        article(
          "국내에서도 올해 11월 국가 AI 컴퓨팅 센터를 구축할 목표다. 지난 22일 과학기술정보통신부는 ‘국정현안관계장관회의 겸 경제관계장관회의’에서 관계부처 합동으로 ‘국가 인공지능 컴퓨팅 센터 구축(특수목적법인 SPC 설립) 실행계획안’을 발표했다. 과기정통부는 최대 2조 5000억 원을 들여 엔비디아 H100을 1만 5000개 확보하겠다고 밝혔다.",
          { currency: "KRW", value: "2500000000000", qualifier: "up-to" },
        ),
      ],
    },
  },
];
