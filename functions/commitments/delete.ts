import { deleteCommitment } from "../../shared/commitments/writes.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { ifMatchVersion } from "../../shared/http/headers.ts";
import { deleteCommitmentRoute } from "../../shared/http/routes/delete-commitment.ts";

export const handler = httpHandler(deleteCommitmentRoute, async ({ params, headers, deps }) => {
  await deleteCommitment(deps, params.id, { expectedVersion: ifMatchVersion(headers, false) });
  return { status: 204 };
});
