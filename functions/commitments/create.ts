import { requestHash } from "../../shared/commitments/idempotency.ts";
import { createCommitment } from "../../shared/commitments/writes.ts";
import { DuplicateError } from "../../shared/errors.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { etag, idempotencyKey } from "../../shared/http/headers.ts";
import { routeKey } from "../../shared/http/route.ts";
import { createCommitmentRoute } from "../../shared/http/routes/create-commitment.ts";

export const handler = httpHandler(
  createCommitmentRoute,
  async ({ body, query, headers, principal, deps }) => {
    const key = idempotencyKey(headers);
    const { commitment, replayed } = await createCommitment(deps, body, {
      allowDuplicate: query.allowDuplicate === "true",
      idempotency:
        key === undefined
          ? undefined
          : {
              principal: principal.id,
              scope: routeKey(createCommitmentRoute),
              key,
              requestHash: requestHash({ body, query }),
            },
    }).catch((error: unknown) => {
      if (error instanceof DuplicateError && typeof error.extra.existingId === "string")
        throw new DuplicateError(
          `${error.message}. Attach it as a source with POST /commitments/${error.extra.existingId}/sources, or repeat with ?allowDuplicate=true`,
          { extra: error.extra, cause: error },
        );
      throw error;
    });
    return {
      status: 201,
      body: commitment,
      headers: {
        location: `/commitments/${commitment.id}`,
        etag: etag(commitment.version),
        ...(replayed ? { "idempotent-replayed": "true" } : {}),
      },
    };
  },
);
