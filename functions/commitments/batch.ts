import { createCommitments } from "../../shared/commitments/batch.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { idempotencyKey } from "../../shared/http/headers.ts";
import { toProblem } from "../../shared/http/problem.ts";
import { routeKey } from "../../shared/http/route.ts";
import { routes } from "../../shared/http/routes.ts";

export const handler = httpHandler(
  routes.batchCommitments,
  async ({ body, query, headers, principal, deps, path, requestId }) => {
    const key = idempotencyKey(headers);
    const outcomes = await createCommitments(deps, body.items, {
      allowDuplicate: query.allowDuplicate === "true",
      idempotency:
        key === undefined
          ? undefined
          : { principal: principal.id, scope: routeKey(routes.batchCommitments), key },
    });
    return {
      body: {
        results: outcomes.map((outcome) =>
          outcome.result === "created"
            ? { index: outcome.index, status: 201, result: outcome.result, id: outcome.id }
            : {
                index: outcome.index,
                status: outcome.error.status,
                result: outcome.result,
                error: toProblem(outcome.error, `${path}#/items/${outcome.index}`, requestId),
              },
        ),
      },
    };
  },
);
