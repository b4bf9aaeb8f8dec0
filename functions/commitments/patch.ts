import { patchCommitment } from "../../shared/commitments/writes.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { etag, ifMatchVersion } from "../../shared/http/headers.ts";
import { patchCommitmentRoute } from "../../shared/http/routes/patch-commitment.ts";

export const handler = httpHandler(patchCommitmentRoute, async ({ params, body, query, headers, deps }) => {
  const expectedVersion = ifMatchVersion(headers, true);
  const commitment = await patchCommitment(deps, params.id, body, {
    expectedVersion,
    allowDuplicate: query.allowDuplicate === "true",
  });
  return { body: commitment, headers: { etag: etag(commitment.version) } };
});
