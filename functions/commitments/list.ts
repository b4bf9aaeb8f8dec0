import { listCommitments } from "../../shared/commitments/reads.ts";
import { commitmentsToCsv } from "../../shared/http/csv.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { wantsCsv } from "../../shared/http/headers.ts";
import { routes } from "../../shared/http/routes.ts";

export const handler = httpHandler(routes.listCommitments, async ({ query, headers, deps }) => {
  const page = await listCommitments(deps, query);
  if (!wantsCsv(query.format, headers)) return { body: page };
  return {
    body: commitmentsToCsv(page.items),
    contentType: "text/csv; charset=utf-8",
    headers: page.nextCursor ? { "x-next-cursor": page.nextCursor } : ({} as Record<string, string>),
  };
});
