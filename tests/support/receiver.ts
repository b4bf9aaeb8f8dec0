/**
 * A webhook receiver for tests: a real HTTP server on 127.0.0.1 that verifies every request with the
 * `standardwebhooks` library (`Webhook.verify`), as a subscriber would, and answers as the test tells it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { Deps } from "../../shared/deps.ts";
import { recordDelivery } from "../../shared/webhooks/deliveries.ts";
import type { DeliveryItem } from "../../shared/webhooks/items.ts";
import type { Webhook as Subscription } from "../../shared/webhooks/schema.ts";
import { createWebhook } from "../../shared/webhooks/subscribe.ts";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The payload as `Webhook.verify` returned it, when one of the secrets verified the request. */
  // biome-ignore lint/suspicious/noExplicitAny: payloads are inspected field by field
  payload: any;
  /** Which of the receiver's secrets verified it (index into `secrets`), or -1. */
  verifiedWith: number;
  /** The verification error when none did. */
  error?: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Never answer (a receiver that hangs). */
  hang?: boolean;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Requests that verified, in arrival order. */
  verified(): Received[];
  /** Secrets to verify with; set after subscribing (the secret is shown at creation). */
  secrets: string[];
  /** How to answer the next request (default 204). */
  respond: (request: Received) => Reply;
  /** Waits until `predicate` holds for what has arrived; throws after `timeoutMs`. */
  waitFor(predicate: (received: Received[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = {
    url: "",
    port: 0,
    received,
    secrets: [],
    verified: () => received.filter((request) => request.verifiedWith >= 0),
    respond: () => ({ status: 204 }),
    async waitFor(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline)
          throw new Error(
            `the receiver did not get what was expected within ${timeoutMs} ms; it got ${received.length} request(s): ${received
              .map((request) => request.payload?.type ?? request.error)
              .join(", ")}`,
          );
        await new Promise((wake) => setTimeout(wake, 25));
      }
    },
    close: async () => undefined,
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const entry: Received = {
        path: request.url ?? "/",
        headers: request.headers,
        body,
        payload: undefined,
        verifiedWith: -1,
      };
      const errors: string[] = [];
      receiver.secrets.forEach((secret, index) => {
        if (entry.verifiedWith >= 0) return;
        try {
          entry.payload = new Webhook(secret).verify(body, request.headers as Record<string, string>);
          entry.verifiedWith = index;
        } catch (error) {
          errors.push((error as Error).message);
        }
      });
      if (entry.verifiedWith < 0) entry.error = errors.join("; ") || "no secret to verify with";
      received.push(entry);
      const reply = receiver.respond(entry);
      if (reply.hang) return;
      response.writeHead(reply.status, reply.headers);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}

/** A receiver subscribed to `commitment.created` on the deps' table, holding the secret to verify with. */
export async function subscribedReceiver(deps: Deps): Promise<{ hooks: Receiver; webhook: Subscription }> {
  const hooks = await startReceiver();
  try {
    const webhook = await createWebhook(deps, {
      url: hooks.url,
      events: ["commitment.created"],
      enabled: true,
    });
    hooks.secrets = [webhook.secret as string];
    return { hooks, webhook };
  } catch (error) {
    await hooks.close();
    throw error;
  }
}

/** A pending delivery of an empty `commitment.created` event, as the stream handler records one, for an attempt to act on. */
export async function pendingDelivery(deps: Deps, webhookId: string, eventId: string): Promise<DeliveryItem> {
  const recorded = await recordDelivery(deps, webhookId, {
    id: eventId,
    type: "commitment.created",
    timestamp: deps.now().toISOString(),
    data: {},
  });
  if (!recorded) throw new Error(`the delivery of ${eventId} was not recorded`);
  return recorded;
}
