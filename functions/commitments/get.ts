import { getCommitment } from "../../shared/commitments/reads.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { etag } from "../../shared/http/headers.ts";
import { routes } from "../../shared/http/routes.ts";

export const handler = httpHandler(routes.getCommitment, async ({ params, deps }) => {
  const commitment = await getCommitment(deps, params.id);
  return { body: commitment, headers: { etag: etag(commitment.version) } };
});
