/**
 * The dashboard as a static site (S3 + CloudFront): `npm run build:dashboard` bundles it with the API's URL, so it
 * reads the API from its own origin as any client would (the API answers CORS for every origin). Views live in
 * the URL's fragment, so the bucket needs no rewrite rules; hashed assets are cached for good, index.html never.
 */
import { api } from "./api.ts";

export const dashboard = new sst.aws.StaticSite("Dashboard", {
  build: { command: "npm run build:dashboard", output: "dashboard/dist" },
  environment: { DASHBOARD_API_URL: api.url },
});
