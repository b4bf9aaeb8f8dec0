/**
 * The party registry of the seed (SPEC 2.1): the parties of the source article with their other names, Korean
 * ones included, as `PUT /parties/{slug}` bodies. The local stack registers them before it seeds commitments.
 */
import type * as z from "../zod.ts";
import type { registryInput } from "./registry.ts";

export const seedParties: readonly ({ slug: string } & z.input<typeof registryInput>)[] = [
  { slug: "openai", name: "OpenAI", kind: "company", aliases: ["오픈AI", "OpenAI Inc."] },
  { slug: "oracle", name: "Oracle", kind: "company", aliases: ["오라클", "Oracle Corporation"] },
  {
    slug: "softbank-group",
    name: "SoftBank Group",
    kind: "company",
    aliases: ["소프트뱅크", "SoftBank", "일본 소프트뱅크", "SoftBank Group Corp."],
  },
  { slug: "mgx", name: "MGX", kind: "fund", aliases: [] },
  { slug: "meta", name: "Meta", kind: "company", aliases: ["메타", "Meta Platforms"] },
  { slug: "nvidia", name: "NVIDIA", kind: "company", aliases: ["엔비디아", "Nvidia"] },
  { slug: "microsoft", name: "Microsoft", kind: "company", aliases: ["마이크로소프트", "MS"] },
  { slug: "arm", name: "Arm", kind: "company", aliases: ["Arm Holdings"] },
  {
    slug: "msit",
    name: "Ministry of Science and ICT",
    kind: "government",
    aliases: ["과학기술정보통신부", "과기정통부", "MSIT"],
  },
];
