import { httpHandler } from "../../shared/http/handler.ts";
import { requestOrigin } from "../../shared/http/origin.ts";
import { summaryFeedRoute } from "../../shared/http/routes/summary-feed.ts";
import { ATOM_CONTENT_TYPE, summaryFeed } from "../../shared/render/summary-feed.ts";
import { latestSummaries } from "../../shared/store/summaries.ts";

/** How many of the newest summaries the feed carries: five months of weeklies and their monthlies. */
const FEED_SIZE = 20;

export const handler = httpHandler(summaryFeedRoute, async ({ headers, deps }) => {
  const summaries = await latestSummaries(deps, FEED_SIZE);
  return {
    body: summaryFeed(summaries, { origin: requestOrigin(headers) ?? "", now: deps.now() }),
    contentType: ATOM_CONTENT_TYPE,
    // A published summary changes only when it is corrected; readers poll.
    headers: { "cache-control": "public, max-age=300" },
  };
});
