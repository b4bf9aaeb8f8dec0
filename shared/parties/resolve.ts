/**
 * Party names resolved through the registry. At write time every name of a record maps to its canonical party
 * (an alias in any script → the party's slug and name), so fingerprints, listings and party totals meet on one
 * slug; a name the registry does not know keeps the slug of its own spelling. Reads (`?party=`,
 * `GET /parties/{slug}`) accept a slug, a name or an alias.
 */
import type { Party, PartyInput } from "../commitments/schema.ts";
import type { Deps } from "../deps.ts";
import { slugify } from "../domain/slug.ts";
import { batchGet, lookUpOnce } from "../table/batch-get.ts";
import { keys } from "../table/keys.ts";
import { normaliseName } from "./names.ts";

/** A party as the registry names it. */
export interface Resolution {
  slug: string;
  name: string;
}

/** Resolves names to canonical parties; one BatchGetItem per call for the names it has not seen yet. */
export type PartyResolver = (names: readonly string[]) => Promise<Map<string, Resolution>>;

/** What the registry says of each name: its alias item, else a registered party whose slug its spelling makes. */
async function lookUp(deps: Deps, names: readonly string[]): Promise<Map<string, Resolution>> {
  const items = await batchGet(deps, [
    ...names.map((name) => keys.alias(normaliseName(name))),
    ...names.map((name) => keys.party(slugify(name))),
  ]);
  const byKey = new Map(items.map((item) => [`${item.pk}\u0000${item.sk}`, item]));
  const found = (key: { pk: string; sk: string }) => byKey.get(`${key.pk}\u0000${key.sk}`);
  const resolutions = new Map<string, Resolution>();
  for (const name of names) {
    const alias = found(keys.alias(normaliseName(name)));
    const party = found(keys.party(slugify(name)));
    if (typeof alias?.slug === "string" && typeof alias.name === "string")
      resolutions.set(name, { slug: alias.slug, name: alias.name });
    else if (party?.registryVersion !== undefined && typeof party.name === "string")
      resolutions.set(name, { slug: slugify(name), name: party.name });
    else resolutions.set(name, { slug: slugify(name), name });
  }
  return resolutions;
}

/** A resolver that remembers what it looked up (one per request or batch). */
export function partyResolver(deps: Deps): PartyResolver {
  const resolutions = lookUpOnce((names) => lookUp(deps, names));
  return async (names) => {
    const looked = await Promise.all(resolutions(names));
    return new Map(names.map((name, position) => [name, looked[position] as Resolution]));
  };
}

/**
 * Resolves a record's own parties to what is stored for them: a change that keeps its parties (a re-conversion)
 * leaves their names and slugs as they are, however the registry has named them since.
 */
export function keptParties(parties: readonly Party[]): PartyResolver {
  const stored = new Map(parties.map((party) => [party.writtenAs ?? party.name, party]));
  return async (names) =>
    new Map(
      names.map((name) => {
        const party = stored.get(name);
        return [name, party ? { slug: party.slug, name: party.name } : { slug: slugify(name), name }];
      }),
    );
}

/**
 * A record's parties with their canonical names and slugs. The name as written is kept in `writtenAs` when it
 * differs from the canonical one ("오픈AI" → name "OpenAI", writtenAs "오픈AI").
 */
export async function resolveParties(parties: PartyInput[], resolve: PartyResolver): Promise<Party[]> {
  const resolved = await resolve(parties.map((party) => party.name));
  return parties.map((party) => {
    const { slug, name } = resolved.get(party.name) ?? { slug: slugify(party.name), name: party.name };
    return { ...party, name, slug, ...(name !== party.name ? { writtenAs: party.name } : {}) };
  });
}

/**
 * The slug a reader means by a slug, a name or an alias: a party whose slug it is, else the party it is a name
 * of, else the slug of its spelling. Undefined when it has no letter or digit.
 */
export async function resolvePartySlug(deps: Deps, text: string): Promise<string | undefined> {
  const items = await batchGet(deps, [keys.party(text), keys.alias(normaliseName(text))]);
  if (items.some((item) => item.pk === keys.partiesPartition)) return text;
  const alias = items.find((item) => item.type === "alias");
  if (typeof alias?.slug === "string") return alias.slug;
  return slugify(text) || undefined;
}
