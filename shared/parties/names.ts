/** How party names are compared (SPEC 2.1): case-insensitive after Unicode NFKC, whitespace folded. */

/** The form two names share when they name the same party: "  ＯｐｅｎＡＩ\u3000Inc. " → "openai inc.". */
export function normaliseName(name: string): string {
  return name.normalize("NFKC").toLowerCase().normalize("NFKC").replace(/\s+/gu, " ").trim();
}

/** A party's names (canonical first, then its aliases) as normalised form → the spelling given, once each. */
export function namesOf(name: string, aliases: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const spelling of [name, ...aliases]) {
    const normalised = normaliseName(spelling);
    if (!names.has(normalised)) names.set(normalised, spelling);
  }
  return names;
}
