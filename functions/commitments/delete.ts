import { deleteCommitment } from "../../shared/commitments/writes.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { ifMatchVersion } from "../../shared/http/headers.ts";
import { routes } from "../../shared/http/routes.ts";

export const handler = httpHandler(routes.deleteCommitment, async ({ params, headers, deps }) => {
  await deleteCommitment(deps, params.id, { expectedVersion: ifMatchVersion(headers, false) });
  return { status: 204 };
});
