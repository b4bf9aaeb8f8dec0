import { addSource } from "../../shared/commitments/writes.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { etag, ifMatchVersion } from "../../shared/http/headers.ts";
import { addSourceRoute } from "../../shared/http/routes/add-source.ts";

export const handler = httpHandler(addSourceRoute, async ({ params, body, headers, deps }) => {
  const commitment = await addSource(deps, params.id, body, {
    expectedVersion: ifMatchVersion(headers, false),
  });
  return { body: commitment, headers: { etag: etag(commitment.version) } };
});
