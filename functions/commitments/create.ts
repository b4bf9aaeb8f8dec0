import { httpHandler } from "../../shared/http/handler.ts";
import { etag, idempotencyKey } from "../../shared/http/headers.ts";
import { routes } from "../../shared/http/routes.ts";
import { createCommitment, requestHash } from "../../shared/store/commitments.ts";

export const handler = httpHandler(
  routes.createCommitment,
  async ({ body, query, headers, principal, deps }) => {
    const key = idempotencyKey(headers);
    const { commitment } = await createCommitment(deps, body, {
      allowDuplicate: query.allowDuplicate === "true",
      idempotency:
        key === undefined
          ? undefined
          : { principal: principal.id, key, requestHash: requestHash({ body, query }) },
    });
    return {
      status: 201,
      body: commitment,
      headers: { location: `/commitments/${commitment.id}`, etag: etag(commitment.version) },
    };
  },
);
