import { listCommitments } from "../../shared/commitments/reads.ts";
import { EXPORT_FORMATS } from "../../shared/http/csv.ts";
import { exportCommitments, nextPartUrl } from "../../shared/http/export.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { listFormat } from "../../shared/http/headers.ts";
import { listCommitmentsRoute } from "../../shared/http/routes/list-commitments.ts";

export const handler = httpHandler(listCommitmentsRoute, async ({ query, headers, deps, path }) => {
  const format = listFormat(query.format, headers);
  if (format === "json") return { body: await listCommitments(deps, query) };
  const part = await exportCommitments(deps, query, format);
  const { contentType, extension } = EXPORT_FORMATS[format];
  const filename = `commitments-${deps.now().toISOString().slice(0, 10)}.${extension}`;
  const next: Record<string, string> = part.nextCursor
    ? {
        link: `<${nextPartUrl(path, query, format, part.nextCursor)}>; rel="next"`,
        "x-next-cursor": part.nextCursor,
      }
    : {};
  return {
    body: part.body,
    contentType,
    headers: {
      "content-disposition": `attachment; filename="${filename}"`,
      "x-export-rows": String(part.rows),
      ...next,
    },
  };
});
