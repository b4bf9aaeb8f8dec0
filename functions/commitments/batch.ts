import { httpHandler } from "../../shared/http/handler.ts";
import { idempotencyKey } from "../../shared/http/headers.ts";
import { toProblem } from "../../shared/http/problem.ts";
import { routes } from "../../shared/http/routes.ts";
import { createCommitments } from "../../shared/store/commitments.ts";

export const handler = httpHandler(
  routes.batchCommitments,
  async ({ body, query, headers, principal, deps, path, requestId }) => {
    const key = idempotencyKey(headers);
    const results = await createCommitments(deps, body.items, {
      allowDuplicate: query.allowDuplicate === "true",
      idempotency: key === undefined ? undefined : { principal: principal.id, key },
    });
    return {
      body: {
        results: results.map(({ error, ...result }) =>
          error
            ? { ...result, error: toProblem(error, `${path}#/items/${result.index}`, requestId) }
            : result,
        ),
      },
    };
  },
);
