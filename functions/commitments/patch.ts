import { patchCommitment } from "../../shared/commitments/writes.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { etag, ifMatchVersion } from "../../shared/http/headers.ts";
import { routes } from "../../shared/http/routes.ts";

export const handler = httpHandler(routes.patchCommitment, async ({ params, body, query, headers, deps }) => {
  const expectedVersion = ifMatchVersion(headers, true);
  const commitment = await patchCommitment(deps, params.id, body, {
    expectedVersion,
    allowDuplicate: query.allowDuplicate === "true",
  });
  return { body: commitment, headers: { etag: etag(commitment.version) } };
});
