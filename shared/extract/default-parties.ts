// A small built-in registry of well-known parties and their aliases, for the CLI and tests (the ledger's own
// registry, kept by the parties API, is passed in instead when there is one).
import { slugify } from "../domain/slug.ts";
import { foldName, type RegistryParty } from "./parties.ts";

const party = (
  slug: string,
  name: string,
  kind: RegistryParty["kind"],
  aliases: readonly string[],
): RegistryParty => ({ slug, name, kind, aliases });

export const DEFAULT_PARTIES: readonly RegistryParty[] = [
  party("openai", "OpenAI", "company", ["오픈AI", "오픈에이아이", "OpenAI Inc."]),
  party("oracle", "Oracle", "company", ["오라클", "Oracle Corp."]),
  party("softbank-group", "SoftBank Group", "company", [
    "SoftBank",
    "소프트뱅크",
    "소프트뱅크 그룹",
    "소프트뱅크그룹",
  ]),
  party("meta", "Meta", "company", ["메타", "Meta Platforms", "메타플랫폼스", "메타 플랫폼스"]),
  party("nvidia", "NVIDIA", "company", ["엔비디아", "Nvidia Corp."]),
  party("microsoft", "Microsoft", "company", ["마이크로소프트", "MS", "MSFT"]),
  party("msit", "Ministry of Science and ICT", "government", [
    "과학기술정보통신부",
    "과기정통부",
    "과기부",
    "MSIT",
    "South Korea's Ministry of Science and ICT",
  ]),
  party("arm", "Arm", "company", ["Arm Holdings", "ARM"]),
  party("mgx", "MGX", "fund", ["엠지엑스"]),
  party("alphabet", "Alphabet", "company", ["Google", "구글", "알파벳"]),
  party("amazon", "Amazon", "company", ["아마존", "Amazon.com"]),
  party("amazon-web-services", "Amazon Web Services", "company", [
    "AWS",
    "아마존웹서비스",
    "아마존 웹 서비스",
  ]),
  party("apple", "Apple", "company", ["애플"]),
  party("xai", "xAI", "company", ["엑스AI"]),
  party("anthropic", "Anthropic", "company", ["앤트로픽"]),
  party("amd", "AMD", "company", ["Advanced Micro Devices"]),
  party("cisco", "Cisco", "company", ["시스코"]),
  party("g42", "G42", "company", []),
  party("humain", "HUMAIN", "company", ["휴메인"]),
  party("pif", "Public Investment Fund", "fund", ["PIF", "사우디 국부펀드"]),
  party("samsung-electronics", "Samsung Electronics", "company", ["삼성전자", "Samsung", "삼성"]),
  party("samsung-sds", "Samsung SDS", "company", ["삼성SDS"]),
  party("sk-group", "SK Group", "company", ["SK그룹", "SK", "에스케이"]),
  party("sk-telecom", "SK Telecom", "company", ["SK텔레콤", "SKT"]),
  party("sk-broadband", "SK Broadband", "company", ["SK브로드밴드"]),
  party("sk-hynix", "SK hynix", "company", ["SK하이닉스"]),
  party("naver", "Naver", "company", ["네이버", "NAVER"]),
  party("naver-cloud", "Naver Cloud", "company", ["네이버클라우드", "네이버 클라우드", "Naver Cloud Corp."]),
  party("kakao", "Kakao", "company", ["카카오"]),
  party("kt", "KT", "company", ["케이티"]),
  party("lg-uplus", "LG Uplus", "company", ["LG유플러스"]),
  party("hyundai-motor-group", "Hyundai Motor Group", "company", [
    "현대자동차그룹",
    "현대차그룹",
    "현대차",
    "현대자동차",
    "Hyundai Motor",
    "Hyundai",
  ]),
  party("korea", "Government of the Republic of Korea", "government", [
    "한국 정부",
    "우리 정부",
    "South Korean government",
    "Korean government",
  ]),
  party("european-commission", "European Commission", "government", [
    "EU",
    "European Union",
    "유럽연합",
    "EU 집행위원회",
    "유럽연합 집행위원회",
    "유럽 집행위원회",
  ]),
  party("france", "Government of France", "government", [
    "French government",
    "French President",
    "프랑스 대통령",
    "프랑스 정부",
    "Élysée",
    "엘리제궁",
  ]),
  party("uae", "United Arab Emirates", "government", ["UAE", "아랍에미리트", "아랍에미리트연합"]),
  party("brookfield", "Brookfield", "fund", ["브룩필드", "Brookfield Asset Management"]),
  party("damac", "DAMAC Properties", "company", ["DAMAC", "Damac Properties", "다막", "다막 프로퍼티즈"]),
  party("mistral-ai", "Mistral AI", "company", ["Mistral", "미스트랄"]),
  party("iliad", "Iliad", "company", ["일리아드"]),
  party("bpifrance", "Bpifrance", "fund", ["비피프랑스"]),
  party("fluidstack", "Fluidstack", "company", ["플루이드스택"]),
  party("coreweave", "CoreWeave", "company", ["코어위브"]),
  party("tsmc", "TSMC", "company", ["Taiwan Semiconductor Manufacturing", "대만 TSMC"]),
];

/**
 * The ledger's registry, completed by the built-in list: a built-in party is added when the registry has neither
 * its slug nor its name, without the aliases the registry gives to another party, and under the slug the ledger
 * will give its name (it is not registered). The registry alone would leave a new ledger blind to the parties
 * that tell a commitment from market context; the list alone would miss every party registered since.
 */
export function withDefaultParties(
  registry: readonly RegistryParty[],
  defaults: readonly RegistryParty[] = DEFAULT_PARTIES,
): RegistryParty[] {
  const slugs = new Set(registry.map((party) => party.slug));
  const taken = new Set(registry.flatMap((party) => [party.name, ...party.aliases].map(foldName)));
  const added = defaults
    .filter(
      (party) =>
        !slugs.has(party.slug) && !slugs.has(slugify(party.name)) && !taken.has(foldName(party.name)),
    )
    .map((party) => ({
      ...party,
      slug: slugify(party.name),
      aliases: party.aliases.filter((alias) => !taken.has(foldName(alias))),
    }));
  return [...registry, ...added];
}
