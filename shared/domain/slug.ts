import { truncate } from "./truncate.ts";

/** A stable, URL-safe slug from a party name, in any script: "SoftBank Group" → "softbank-group", "과학기술정보통신부" stays. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return truncate(slug, 100).replace(/-+$/, "");
}
