/**
 * Parties as readers see them: the registry's names, and per party how many commitments name it, which of those
 * it funds (with their money) and which it is only involved in. The counts and money are kept on the party's
 * registry item by every commitment write, in the same transaction.
 */

import { listCommitments } from "../commitments/reads.ts";
import type { Commitment } from "../commitments/schema.ts";
import { PARTY_KINDS } from "../commitments/vocabulary.ts";
import type { Deps } from "../deps.ts";
import { FUNDING_ROLES, sumColumns } from "../domain/aggregates.ts";
import { totalsFields } from "../domain/totals.ts";
import { NotFoundError } from "../errors.ts";
import type { RegistryParty } from "../extract/parties.ts";
import { columnsOf } from "../store/aggregates.ts";
import type { Page } from "../table/cursor.ts";
import { keys } from "../table/keys.ts";
import { queryAll, queryPage } from "../table/query.ts";
import * as z from "../zod.ts";
import { getPartyItem, partyItemSchema } from "./registry.ts";
import { resolvePartySlug } from "./resolve.ts";

const INVOLVED_ROLES = ["technology-partner", "operator", "other"];

export const partySchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    /** Whether `PUT /parties/{slug}` registered it (otherwise it is known only from commitments that name it). */
    registered: z.boolean(),
    kind: z.optional(z.enum(PARTY_KINDS)),
    aliases: z.array(z.string()),
    parentSlug: z.optional(z.string()),
    commitments: z
      .number()
      .check(z.int())
      .register(z.globalRegistry, { description: "commitments that name the party, in any role" }),
    funding: z.extend(totalsFields, { count: z.number().check(z.int()) }).register(z.globalRegistry, {
      description: `commitments the party funds, leads, lends to or governs (roles ${[...FUNDING_ROLES].join(", ")}): how many, and their money with its floor, ceiling and qualifiers as in GET /totals; a part of a larger commitment is counted in the money through its whole`,
    }),
    involvement: z.object({ count: z.number().check(z.int()) }).register(z.globalRegistry, {
      description: `commitments that name the party only as ${INVOLVED_ROLES.join(", ")}: it takes part, the money is not its own`,
    }),
  })
  .register(z.globalRegistry, { id: "Party" });
export type PartySummary = z.output<typeof partySchema>;

/** A party item (numbers as decimal strings) as a reader sees it. */
export function toParty(item: Record<string, unknown>): PartySummary {
  const party = partyItemSchema.parse(item);
  const { count, amountLow, amountHigh, ...money } = sumColumns([columnsOf(item)]);
  return {
    slug: party.slug,
    name: party.name ?? party.slug,
    registered: party.registryVersion !== undefined,
    ...(party.kind ? { kind: party.kind } : {}),
    aliases: party.aliases ?? [],
    ...(party.parentSlug ? { parentSlug: party.parentSlug } : {}),
    commitments: party.commitments,
    funding: { count: party.fundingCommitments, ...money },
    involvement: { count: party.commitments - party.fundingCommitments },
  };
}

/** Registered parties and every party a commitment names, by slug. */
export async function listParties(
  deps: Deps,
  limit: number,
  cursor: string | undefined,
): Promise<Page<PartySummary>> {
  const page = await queryPage(
    deps,
    {
      pk: keys.partiesPartition,
      filter: {
        expression: "commitments > :none OR attribute_exists(registryVersion)",
        values: { ":none": 0 },
      },
      exactNumbers: true,
    },
    { limit, cursor, context: "parties" },
  );
  return { items: page.items.map(toParty), nextCursor: page.nextCursor };
}

/** A party by its slug: registered, or named by a commitment; undefined otherwise. */
export async function readParty(deps: Deps, slug: string): Promise<PartySummary | undefined> {
  const item = await getPartyItem(deps, slug);
  const party = item && toParty(item);
  return party && (party.commitments > 0 || party.registered) ? party : undefined;
}

/** One party, by slug, name or alias, with a page of its commitments, newest first. */
export async function getParty(
  deps: Deps,
  slugOrName: string,
  limit: number,
  cursor: string | undefined,
): Promise<PartySummary & Page<Commitment>> {
  const slug = await resolvePartySlug(deps, slugOrName);
  const party = slug ? await readParty(deps, slug) : undefined;
  if (!party) throw new NotFoundError(`no party ${JSON.stringify(slugOrName)}`);
  const page = await listCommitments(deps, { party: party.slug, sort: "-announcedOn", limit, cursor });
  return { ...party, ...page };
}

/** Every registered party with its names (one Query of the parties' partition): what a text's names match. */
export async function registeredParties(deps: Deps): Promise<RegistryParty[]> {
  const items = await queryAll(deps, {
    pk: keys.partiesPartition,
    filter: { expression: "attribute_exists(registryVersion)" },
    projection: ["slug", "name", "kind", "aliases"],
  });
  return items.flatMap((item) => {
    const { slug, name, kind, aliases = [] } = partyItemSchema.parse(item);
    return name !== undefined && kind !== undefined ? [{ slug, name, kind, aliases }] : [];
  });
}
