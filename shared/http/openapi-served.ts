/**
 * The OpenAPI document as GET /openapi.json serves it. Bundles hold the value computed at build time
 * (infra/esbuild-plugins.mjs), not every route's schemas and zod's JSON Schema conversion.
 */
import { openApiDocument } from "./openapi.ts";

export const servedDocument = openApiDocument();
