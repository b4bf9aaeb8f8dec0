import { getCommitment } from "../../shared/commitments/reads.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { etag } from "../../shared/http/headers.ts";
import { getCommitmentRoute } from "../../shared/http/routes/get-commitment.ts";

export const handler = httpHandler(getCommitmentRoute, async ({ params, deps }) => {
  const commitment = await getCommitment(deps, params.id);
  return { body: commitment, headers: { etag: etag(commitment.version) } };
});
