import { httpHandler } from "../../shared/http/handler.ts";
import { putPartyRoute } from "../../shared/http/routes/put-party.ts";
import { readParty } from "../../shared/parties/reads.ts";
import { registerParty } from "../../shared/parties/registry.ts";

export const handler = httpHandler(putPartyRoute, async ({ params, body, deps }) => {
  const { created } = await registerParty(deps, params.slug, body);
  return {
    status: created ? 201 : 200,
    body: await readParty(deps, params.slug),
    headers: { location: `/parties/${encodeURIComponent(params.slug)}` },
  };
});
