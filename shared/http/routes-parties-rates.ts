/** Parties, totals and exchange rates in the route table: the registry, the sums, and the rates they convert with. */
import { z } from "zod";
import { commitmentSchema } from "../commitments/schema.ts";
import { fxRateInput, fxRateParams, fxRateQuery, fxRateSchema, fxRateWithHistory } from "../domain/fx.ts";
import { totalsQuery, totalsSchema } from "../domain/totals.ts";
import { partySchema } from "../parties/reads.ts";
import { partySlug, registryInput } from "../parties/registry.ts";
import { route } from "./route.ts";
import { auth, created, invalid, notFound, page, pageQuery, problemResponse } from "./route-parts.ts";

export const partyAndRateRoutes = {
  listParties: route({
    method: "GET",
    path: "/parties",
    file: "functions/parties/list.ts",
    scope: "read",
    summary:
      "Registered parties and every party a commitment names, with what they fund (funder, lead, lender, government) kept apart from what they are only involved in (technology-partner, operator, other)",
    query: pageQuery.extend({ limit: z.coerce.number().int().min(1).max(100).default(100) }),
    responses: { 200: { description: "a page", schema: page(partySchema) }, ...auth },
  }),
  getParty: route({
    method: "GET",
    path: "/parties/{slug}",
    file: "functions/parties/get.ts",
    scope: "read",
    summary: "One party, by slug, name or alias in any script, with its commitments",
    params: z.strictObject({ slug: z.string().min(1).max(200) }),
    query: pageQuery,
    responses: {
      200: {
        description: "the party",
        schema: partySchema.extend({ items: z.array(commitmentSchema), nextCursor: z.string().nullable() }),
      },
      ...notFound,
      ...auth,
    },
  }),
  putParty: route({
    method: "PUT",
    path: "/parties/{slug}",
    file: "functions/parties/put.ts",
    scope: "admin",
    summary:
      "Register a party or replace its registration: canonical name, kind, aliases (any script; an alias belongs to one party only) and parent. Commitments recorded before keep their parties until their next change",
    params: z.strictObject({ slug: partySlug }),
    body: registryInput,
    responses: {
      201: created(partySchema),
      200: {
        description: "the registration was replaced",
        schema: partySchema,
        headers: { Location: { description: "the party's URL", required: true } },
      },
      ...invalid,
      ...auth,
      409: problemResponse(
        "an alias belongs to another party: `conflicts` lists each as { alias, party } with the owner's slug",
      ),
    },
  }),
  totals: route({
    method: "GET",
    path: "/totals",
    file: "functions/totals/get.ts",
    scope: "read",
    summary:
      "Exact totals by country, category, party, year, status or currency, from aggregates kept on every write",
    query: totalsQuery,
    responses: {
      200: { description: "the totals", schema: totalsSchema },
      422: problemResponse("invalid or unsupported filter"),
      ...auth,
    },
  }),
  putFxRate: route({
    method: "PUT",
    path: "/fx-rates/{currency}/{date}",
    file: "functions/fx-rates/put.ts",
    scope: "admin",
    summary:
      "Record the rate of a currency from a date on, as a new version (the previous ones stay readable), and re-convert the commitments it applies to",
    params: fxRateParams,
    body: fxRateInput,
    responses: {
      200: {
        description:
          "the version in force; whether this PUT made it (false when it repeats the rate in force), and how many commitments were re-converted",
        schema: fxRateSchema.extend({ changed: z.boolean(), reconverted: z.number().int() }),
      },
      ...invalid,
      ...auth,
      409: problemResponse("other PUTs of the same rate kept getting in first; retry"),
    },
  }),
  getFxRate: route({
    method: "GET",
    path: "/fx-rates/{currency}/{date}",
    file: "functions/fx-rates/get.ts",
    scope: "read",
    summary:
      "The rate of a currency recorded for a date, with every version: who set it, when, and from what source",
    params: fxRateParams,
    responses: {
      200: { description: "the version in force and its history, newest first", schema: fxRateWithHistory },
      422: problemResponse("not a currency or not a date"),
      ...notFound,
      ...auth,
    },
  }),
  listFxRates: route({
    method: "GET",
    path: "/fx-rates",
    file: "functions/fx-rates/list.ts",
    scope: "read",
    summary: "Exchange rates in force (each with its kind and version), newest first per currency",
    query: fxRateQuery,
    responses: { 200: { description: "a page", schema: page(fxRateSchema) }, ...auth },
  }),
};
