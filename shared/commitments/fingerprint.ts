/** The duplicate fingerprint of SPEC 2: who pays or leads, in what currency, how much at most, and in which month. */

import { monthOf } from "../domain/dates.ts";
import type { Amount, Party } from "./schema.ts";

/** The roles whose parties make a deal the same deal: who pays, leads or governs it. */
export const COUNTED_ROLES: ReadonlySet<string> = new Set(["funder", "lead", "government"]);

export function fingerprint(record: {
  parties: Party[];
  amount?: Amount | undefined;
  announcedOn: string;
}): string {
  const slugs = [
    ...new Set(record.parties.filter((party) => COUNTED_ROLES.has(party.role)).map((party) => party.slug)),
  ].sort();
  return [
    slugs.join(","),
    record.amount?.currency ?? "-",
    record.amount?.high ?? "-",
    monthOf(record.announcedOn),
  ].join("|");
}
