/**
 * The party registry (SPEC 2.1). A party's registry item is its item in the PARTIES partition (sk = slug), which
 * also holds the counts and money the commitments' writes keep on it; registering adds `name`, `kind`,
 * `aliases` and `parentSlug`. Each of its names (the canonical one too) has an alias item, keyed by the
 * normalised name and pointing to the slug, written in the same transaction as the registry item: the alias
 * item's condition is what makes an alias belong to one party only.
 */

import { PARTY_KINDS, partyInput } from "../commitments/schema.ts";
import type { Deps } from "../deps.ts";
import { slugify } from "../domain/slug.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import { getColumns } from "../store/aggregates.ts";
import { keys } from "../table/keys.ts";
import { refusedOperations, runTransaction, TransactionPlan } from "../table/transaction.ts";
import * as z from "../zod.ts";
import { namesOf, normaliseName } from "./names.ts";

/** Aliases per party: with the canonical name and the names a change removes, one transaction holds them all. */
export const MAX_ALIASES = 40;
/** How deep a chain of parent parties may go (a guard against cycles, and a bound on the reads it takes). */
const MAX_PARENT_DEPTH = 10;
const RACE_ATTEMPTS = 5;

export const partySlug = z.string().check(
  z.minLength(1),
  z.maxLength(100),
  z.refine(
    (slug) => slugify(slug) === slug,
    "must be a slug: lower-case letters and digits of any script joined by single hyphens",
  ),
);

export const registryInput = z
  .strictObject({
    name: partyInput.shape.name,
    kind: z.enum(PARTY_KINDS),
    aliases: z
      ._default(z.array(partyInput.shape.name).check(z.maxLength(MAX_ALIASES)), [])
      .register(z.globalRegistry, {
        description: "other names and spellings, in any script; matched case-insensitively after NFKC",
      }),
    parentSlug: z
      .optional(partySlug)
      .register(z.globalRegistry, { description: "the party this one belongs to (a subsidiary's group)" }),
  })
  .register(z.globalRegistry, { id: "PartyRegistration" });
export type RegistryInput = z.output<typeof registryInput>;

/** A party item as stored; numbers may come back as decimal strings (items read with exact numbers). */
export const partyItemSchema = z.object({
  slug: z.string(),
  name: z.optional(z.string()),
  kind: z.optional(z.enum(PARTY_KINDS)),
  aliases: z.optional(z.array(z.string())),
  parentSlug: z.optional(z.string()),
  /** Present once the party is registered; goes up with every PUT (optimistic locking). */
  registryVersion: z.optional(z.coerce.number().check(z.int())),
  /** Commitments naming the party in any role. */
  commitments: z._default(z.coerce.number().check(z.int()), 0),
  /** Of those, the ones it funds, leads, lends to or governs. */
  fundingCommitments: z._default(z.coerce.number().check(z.int()), 0),
});
export type PartyItem = z.output<typeof partyItemSchema>;

/** A party's item as stored (consistent: writes read what they change), numbers as decimal strings. */
export function getPartyItem(deps: Deps, slug: string): Promise<Record<string, unknown> | undefined> {
  return getColumns(deps, keys.party(slug), true);
}

async function readPartyItem(deps: Deps, slug: string): Promise<PartyItem | undefined> {
  const item = await getPartyItem(deps, slug);
  return item && partyItemSchema.parse(item);
}

type RegistryRole = "registry" | "alias" | "alias-release" | "ancestor";

/** A party above the one registered, as the cycle check read it. */
interface Ancestor {
  slug: string;
  version: number | undefined;
}

/** A condition that the registry item is as read: every PUT bumps registryVersion, whatever it changes. */
function unchanged(version: number | undefined) {
  return version === undefined
    ? { expression: "attribute_not_exists(#version)", names: { "#version": "registryVersion" } }
    : {
        expression: "#version = :seen",
        names: { "#version": "registryVersion" },
        values: { ":seen": version },
      };
}

/**
 * The parent chain above a party as read, its parent first. Refuses a parent that is not registered, is the party
 * itself or has it among its own parents.
 */
async function readAncestry(deps: Deps, slug: string, parentSlug: string): Promise<Ancestor[]> {
  const ancestors: Ancestor[] = [];
  for (let current: string | undefined = parentSlug; current !== undefined; ) {
    if (current === slug || ancestors.length >= MAX_PARENT_DEPTH)
      throw new ValidationError("the parent would make a cycle, or a chain of parents too deep", {
        errors: [{ path: "parentSlug", message: `${parentSlug} cannot be the parent of ${slug}` }],
      });
    const party = await readPartyItem(deps, current);
    if (ancestors.length === 0 && party?.registryVersion === undefined)
      throw new ValidationError("the parent party is not registered", {
        errors: [{ path: "parentSlug", message: `no registered party ${parentSlug}` }],
      });
    ancestors.push({ slug: current, version: party?.registryVersion });
    current = party?.parentSlug;
  }
  return ancestors;
}

function planRegistration(
  slug: string,
  input: RegistryInput,
  current: PartyItem | undefined,
  ancestors: Ancestor[],
  at: string,
) {
  const plan = new TransactionPlan<string, RegistryRole>();
  const names = namesOf(input.name, input.aliases);
  const seen = current?.registryVersion;
  plan.update(
    "",
    "registry",
    keys.party(slug),
    {
      expression: `SET #type = :type, #slug = :slug, #name = :name, #kind = :kind, #aliases = :aliases, #version = :next, #updatedAt = :at${input.parentSlug ? ", #parent = :parent" : " REMOVE #parent"}`,
      names: {
        "#type": "type",
        "#slug": "slug",
        "#name": "name",
        "#kind": "kind",
        "#aliases": "aliases",
        "#version": "registryVersion",
        "#updatedAt": "registryUpdatedAt",
        "#parent": "parentSlug",
      },
      values: {
        ":type": "party",
        ":slug": slug,
        ":name": input.name,
        ":kind": input.kind,
        // The aliases as given, once each, without the canonical name.
        ":aliases": [...names.values()].slice(1),
        ":next": (seen ?? 0) + 1,
        ":at": at,
        ...(input.parentSlug ? { ":parent": input.parentSlug } : {}),
      },
    },
    unchanged(seen),
  );
  const mine = { expression: "attribute_not_exists(pk) OR #owner = :owner", names: { "#owner": "slug" } };
  for (const [normalised, spelling] of names)
    plan.put(
      spelling,
      "alias",
      { ...keys.alias(normalised), type: "alias", alias: spelling, normalised, slug, name: input.name },
      { ...mine, values: { ":owner": slug } },
    );
  const before =
    current?.name !== undefined && seen !== undefined
      ? namesOf(current.name, current.aliases ?? [])
      : new Map<string, string>();
  for (const [normalised, spelling] of before)
    if (!names.has(normalised))
      plan.delete(spelling, "alias-release", keys.alias(normalised), { ...mine, values: { ":owner": slug } });
  // Readers look a party up by its slug before its names (resolvePartySlug): a slug that is another party's name
  // would take that name's commitments from it.
  const slugAsName = keys.alias(normaliseName(slug));
  if (!plan.touches(slugAsName))
    plan.check(slug, "alias", slugAsName, { ...mine, values: { ":owner": slug } });
  // The cycle check read these: a concurrent PUT of one of them (a crossing parent link) refuses this one.
  for (const ancestor of ancestors)
    plan.check("", "ancestor", keys.party(ancestor.slug), unchanged(ancestor.version));
  return plan;
}

/**
 * Creates or replaces a party's registration (`PUT /parties/{slug}`): its name, kind, aliases and parent. A name
 * it no longer has is released; a name another party has is a 409 naming that party. Existing commitments are
 * not rewritten: they take the new names into account at their next change.
 */
export async function registerParty(
  deps: Deps,
  slug: string,
  input: RegistryInput,
): Promise<{ created: boolean }> {
  for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
    const ancestors = input.parentSlug ? await readAncestry(deps, slug, input.parentSlug) : [];
    const current = await readPartyItem(deps, slug);
    const plan = planRegistration(slug, input, current, ancestors, deps.now().toISOString());
    try {
      await runTransaction(deps, plan);
      return { created: current?.registryVersion === undefined };
    } catch (error) {
      const refused = refusedOperations(plan, error);
      if (!refused) throw error;
      const conflicts = [...refused].flatMap(([alias, roles]) => {
        const owner = roles.get("alias")?.item?.slug;
        return typeof owner === "string" ? [{ alias, party: owner }] : [];
      });
      if (conflicts.length > 0)
        throw new ConflictError(
          conflicts.map(({ alias, party }) => `the alias "${alias}" belongs to ${party}`).join("; "),
          { extra: { conflicts } },
        );
      // Another registration of this party or of one of its ancestors (or a release of one of these names) went
      // first: read again, which refuses a parent that now makes a cycle.
    }
  }
  throw new ConflictError(`the party ${slug} kept changing meanwhile; retry`);
}
