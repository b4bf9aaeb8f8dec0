/** GET /summaries/feed.atom in the route table. */
import * as z from "../../zod.ts";
import { route } from "../route.ts";
import { auth } from "../route-parts.ts";

export const summaryFeedRoute = route({
  method: "GET",
  path: "/summaries/feed.atom",
  file: "functions/summaries/feed.ts",
  scope: "read",
  summary: "The published summaries as an Atom 1.0 feed, newest first (the latest 20)",
  responses: {
    200: {
      description: "an Atom feed: each entry's summary is the headline, its link the HTML summary",
      schema: z.string(),
      contentType: "application/atom+xml",
    },
    ...auth,
  },
});
