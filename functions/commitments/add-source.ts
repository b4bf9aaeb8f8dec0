import { addSource } from "../../shared/commitments/writes.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { etag, ifMatchVersion } from "../../shared/http/headers.ts";
import { routes } from "../../shared/http/routes.ts";

export const handler = httpHandler(routes.addSource, async ({ params, body, headers, deps }) => {
  const commitment = await addSource(deps, params.id, body, {
    expectedVersion: ifMatchVersion(headers, false),
  });
  return { body: commitment, headers: { etag: etag(commitment.version) } };
});
