import { checkCommitments, createCommitments } from "../../shared/commitments/batch.ts";
import { httpHandler } from "../../shared/http/handler.ts";
import { idempotencyKey } from "../../shared/http/headers.ts";
import { toProblem } from "../../shared/http/problem.ts";
import { routeKey } from "../../shared/http/route.ts";
import { batchCommitmentsRoute } from "../../shared/http/routes/batch-commitments.ts";

export const handler = httpHandler(
  batchCommitmentsRoute,
  async ({ body, query, headers, principal, deps, path, requestId }) => {
    const options = {
      allowDuplicate: query.allowDuplicate === "true",
      idempotency: {
        principal: principal.id,
        scope: routeKey(batchCommitmentsRoute),
        key: idempotencyKey(headers),
      },
      itemKeys: body.keys,
    };
    const outcomes =
      query.dryRun === "true"
        ? await checkCommitments(deps, body.items, options)
        : await createCommitments(deps, body.items, options);
    return {
      body: {
        results: outcomes.map((outcome) =>
          outcome.result === "error"
            ? {
                index: outcome.index,
                status: outcome.error.status,
                result: outcome.result,
                error: toProblem(outcome.error, `${path}#/items/${outcome.index}`, requestId),
              }
            : outcome.result === "created"
              ? { index: outcome.index, status: 201, result: outcome.result, id: outcome.id }
              : { index: outcome.index, status: 200, result: outcome.result },
        ),
      },
    };
  },
);
