/** Every HTTP route, once: method, path, handler file, scope and the schemas of what goes in and out. */
import { z } from "zod";
import { listQuery } from "../commitments/listing.ts";
import {
  amountInput,
  commitmentInput,
  commitmentPatch,
  commitmentSchema,
  revisionSchema,
  sourceSchema,
} from "../commitments/schema.ts";
import { PERIOD_KINDS } from "../domain/periods.ts";
import {
  summaryEntry,
  summaryFormatQuery,
  summaryParams,
  summaryRequest,
  summarySchema,
} from "../domain/summary.ts";
import { lines } from "../domain/validation.ts";
import { extractInput } from "../extract/index.ts";
import { exportDescription, exportHeaders, exportRepresentations } from "./export-docs.ts";
import { problemSchema } from "./problem.ts";
import { documentedAs, route } from "./route.ts";
import {
  auth,
  byId,
  created,
  idempotencyKey,
  ifMatch,
  invalid,
  notFound,
  page,
  pageQuery,
  problemResponse,
} from "./route-parts.ts";
import { adminRoutes } from "./routes-admin.ts";
import { feedRoutes } from "./routes-feeds.ts";
import { partyAndRateRoutes } from "./routes-parties-rates.ts";

const batchResult = z.object({
  index: z.number().int(),
  status: z.number().int(),
  id: z.string().optional(),
  result: z
    .enum(["created", "valid", "error"])
    .describe(
      "valid: a dry run's item that would be created; created: also an item created before under its key",
    ),
  error: problemSchema.optional(),
});

/** Checked one by one by the store, so that a bad item fails alone; documented as what it must be. */
const batchItem = documentedAs(z.unknown(), commitmentInput);

const batchInput = z
  .strictObject({
    items: z.array(batchItem).min(1).max(100),
    keys: z
      .array(z.string().regex(/^[\x21-\x7e]{1,200}$/, "must be 1–200 visible ASCII characters"))
      .max(100)
      .optional()
      .describe("one idempotency key per item: a rerun with the same key answers the item created before"),
  })
  .refine((batch) => batch.keys === undefined || batch.keys.length === batch.items.length, {
    message: "give one key per item",
    path: ["keys"],
  })
  .meta({ id: "BatchInput" });

export const sourceAttachment = z
  .strictObject({
    source: sourceSchema,
    amount: amountInput.optional(),
    note: z.string().max(1000).check(lines).optional(),
  })
  .meta({ id: "SourceAttachment" });

const summaryRenderings = {
  "text/markdown": z.string().meta({ description: "the summary as Markdown (?format=md)" }),
  "text/html": z.string().meta({ description: "the summary as an HTML page (?format=html)" }),
};

const summaryOutcome = {
  Location: { description: "the summary's URL", required: true },
  "X-Summary-Outcome": { description: "created, updated, unchanged or provisional", required: true },
};

export const createQuery = z.strictObject({ allowDuplicate: z.enum(["true", "false"]).optional() });

export const routes = {
  health: route({
    method: "GET",
    path: "/health",
    file: "functions/health/get.ts",
    scope: "public",
    summary: "Liveness, including that DynamoDB answers",
    responses: {
      200: {
        description: "healthy",
        schema: z.object({ status: z.literal("ok"), dynamodb: z.literal("ok") }),
      },
      503: problemResponse("DynamoDB does not answer"),
    },
  }),
  openapi: route({
    method: "GET",
    path: "/openapi.json",
    file: "functions/openapi/get.ts",
    scope: "public",
    summary: "This OpenAPI 3.1 document",
    responses: { 200: { description: "the document", schema: z.record(z.string(), z.unknown()) } },
  }),
  createCommitment: route({
    method: "POST",
    path: "/commitments",
    file: "functions/commitments/create.ts",
    scope: "write",
    summary: "Record a commitment",
    body: commitmentInput,
    query: createQuery,
    headers: [idempotencyKey],
    responses: {
      201: created(commitmentSchema),
      ...invalid,
      ...auth,
      409: problemResponse(
        "a commitment with the same fingerprint exists (its id is in `existingId`), or commitments like this one (same currency, a figure within 5 %, announced at most a month apart, a shared funder, lead or government party or the same country) exist: they are listed in `candidates`",
      ),
    },
  }),
  createDrafts: route({
    method: "POST",
    path: "/drafts",
    file: "functions/drafts/create.ts",
    scope: "write",
    summary:
      "Draft commitments from an announcement's text (Korean or English): figures with their qualifiers, dates, parties, capacity and evidence; stores nothing",
    body: extractInput,
    responses: {
      200: {
        description:
          "the drafts, the exchange rates the text implies, and the figures judged not to be commitments",
        schema: z
          .object({
            drafts: z.array(
              z.object({
                commitment: z.record(z.string(), z.unknown()),
                missing: z.array(z.string()),
                problems: z.array(z.object({ path: z.string(), message: z.string() })),
                evidence: z.record(z.string(), z.unknown()),
                partySlugs: z.record(z.string(), z.string()),
                partOf: z.number().int().nullable(),
                announcedOnFrom: z.string().nullable(),
              }),
            ),
            impliedRates: z.array(z.record(z.string(), z.unknown())),
            ignored: z.array(z.record(z.string(), z.unknown())),
            notes: z.array(z.string()),
          })
          .meta({ id: "Drafts" }),
      },
      ...invalid,
      ...auth,
    },
  }),
  batchCommitments: route({
    method: "POST",
    path: "/commitments/batch",
    file: "functions/commitments/batch.ts",
    scope: "write",
    summary:
      "Record up to 100 commitments; each item succeeds or fails on its own. `keys` gives each item its own idempotency key (an import's rows); ?dryRun=true checks everything and writes nothing",
    body: batchInput,
    query: createQuery.extend({ dryRun: z.enum(["true", "false"]).optional() }),
    responses: {
      200: { description: "one result per item", schema: z.object({ results: z.array(batchResult) }) },
      ...invalid,
      ...auth,
    },
  }),
  listCommitments: route({
    method: "GET",
    path: "/commitments",
    file: "functions/commitments/list.ts",
    scope: "read",
    summary:
      "Filter, sort and page through commitments; ?format=csv|jsonl (or Accept: text/csv, application/x-ndjson) exports every matching row",
    query: listQuery,
    responses: {
      200: {
        description: exportDescription,
        schema: page(commitmentSchema),
        alternatives: exportRepresentations,
        headers: exportHeaders,
      },
      400: problemResponse("forged or stale cursor"),
      422: problemResponse("invalid filter"),
      ...auth,
    },
  }),
  getCommitment: route({
    method: "GET",
    path: "/commitments/{id}",
    file: "functions/commitments/get.ts",
    scope: "read",
    summary: "One commitment, with its version as ETag",
    params: byId,
    responses: { 200: { description: "the commitment", schema: commitmentSchema }, ...notFound, ...auth },
  }),
  patchCommitment: route({
    method: "PATCH",
    path: "/commitments/{id}",
    file: "functions/commitments/patch.ts",
    scope: "write",
    summary: "Revise a commitment with a JSON merge patch",
    params: byId,
    body: commitmentPatch,
    bodyTypes: ["application/merge-patch+json", "application/json"],
    query: createQuery,
    headers: [ifMatch],
    responses: {
      200: { description: "the revised commitment", schema: commitmentSchema },
      ...invalid,
      ...auth,
      ...notFound,
      409: problemResponse("the change would duplicate another commitment or make a cycle"),
      412: problemResponse("If-Match does not name the current version"),
      428: problemResponse("If-Match is missing"),
    },
  }),
  deleteCommitment: route({
    method: "DELETE",
    path: "/commitments/{id}",
    file: "functions/commitments/delete.ts",
    scope: "admin",
    summary: "Remove a commitment from queries and totals; its revisions stay readable",
    params: byId,
    responses: {
      204: { description: "deleted" },
      ...auth,
      ...notFound,
      409: problemResponse("other commitments are parts of this one"),
    },
  }),
  listRevisions: route({
    method: "GET",
    path: "/commitments/{id}/revisions",
    file: "functions/commitments/revisions.ts",
    scope: "read",
    summary: "A commitment's revisions, newest first",
    params: byId,
    query: pageQuery,
    responses: { 200: { description: "a page", schema: page(revisionSchema) }, ...notFound, ...auth },
  }),
  addSource: route({
    method: "POST",
    path: "/commitments/{id}/sources",
    file: "functions/commitments/add-source.ts",
    scope: "write",
    summary: "Attach a further source, optionally revising the figure in the same step",
    params: byId,
    body: sourceAttachment,
    responses: {
      200: { description: "the commitment", schema: commitmentSchema },
      ...invalid,
      ...auth,
      ...notFound,
    },
  }),
  ...partyAndRateRoutes,
  ...adminRoutes,
  ...feedRoutes,
  listSummaries: route({
    method: "GET",
    path: "/summaries",
    file: "functions/summaries/list.ts",
    scope: "read",
    summary: "Stored weekly and monthly summaries, newest first (of one kind with ?period=weekly|monthly)",
    query: pageQuery.extend({ period: z.enum(PERIOD_KINDS).optional() }),
    responses: {
      200: { description: "a page", schema: page(summaryEntry) },
      400: problemResponse("forged or stale cursor"),
      422: problemResponse("invalid period or limit"),
      ...auth,
    },
  }),
  getSummary: route({
    method: "GET",
    path: "/summaries/{period}/{key}",
    file: "functions/summaries/get.ts",
    scope: "read",
    summary:
      "One summary (weekly/2025-W05, monthly/2025-01) as JSON, Markdown (?format=md) or HTML (?format=html); the current period's is provisional",
    params: summaryParams,
    query: summaryFormatQuery,
    responses: {
      200: {
        description: "the summary (text/markdown or text/html with ?format=md|html)",
        schema: summarySchema,
        alternatives: summaryRenderings,
      },
      404: problemResponse(
        "a past period whose summary has not been generated: POST /summaries generates it",
      ),
      422: problemResponse("not a period, or one that has not begun"),
      ...auth,
    },
  }),
  generateSummary: route({
    method: "POST",
    path: "/summaries",
    file: "functions/summaries/generate.ts",
    scope: "admin",
    summary:
      "Generate or regenerate a summary (default: the last complete period); the current period's is provisional and not stored",
    body: summaryRequest,
    responses: {
      201: { ...created(summarySchema), headers: summaryOutcome },
      200: {
        description:
          "regenerated (stored once: unchanged content writes nothing), or provisional (final: false)",
        schema: summarySchema,
        headers: summaryOutcome,
      },
      ...invalid,
      422: problemResponse("not a period, or one that has not begun"),
      ...auth,
    },
  }),
} as const;

export type RouteName = keyof typeof routes;
export const routeList = Object.values(routes);

/** Answers unknown routes (404) and wrong methods (405) as problem+json: API Gateway's `$default` route. */
export const fallbackRoute = { file: "functions/fallback.ts" } as const;
